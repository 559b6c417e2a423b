import Foundation
import Testing
import JMESPath
import JSON
@testable import Actions

/// Our renderers against awscli's own formatters, on the same responses (skipped when awscli's
/// Python package is not installed).
@Suite struct GoldenFormatTests {
    static let awscliAvailable: Bool = {
        let result = python("import awscli.text")
        return result?.status == 0
    }()

    static func python(_ code: String, input: String = "") -> (status: Int32, stdout: String)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = Pipe()
        do { try process.run() } catch { return nil }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let responses: [String] = [
        #"{"Parameter": {"Name": "/aws/x", "Type": "String", "Value": "ami-0b5e3a7d9c1f24e68", "Version": 160, "LastModifiedDate": 1777597163.565, "ARN": "arn:aws:ssm:us-west-2::parameter/aws/x", "DataType": "text"}}"#,
        #"{"update": {"id": "9f2c", "status": "Failed", "type": "VersionUpdate", "params": [{"type": "Version", "value": "1.23"}, {"type": "ReleaseVersion", "value": "1.23.17-20230607"}], "createdAt": 1686150000.123, "errors": [{"errorCode": "PodEvictionFailure", "errorMessage": "Reached max retries", "resourceIds": ["ip-1", "ip-2"]}]}}"#,
        #"{"clusters": ["eks-workshop", "other"]}"#,
        #"{"Parameters": [{"Name": "a", "Value": "1"}, {"Name": "b", "Value": "2", "Version": 3}], "InvalidParameters": []}"#,
        #"{"nodegroup": {"scalingConfig": {"minSize": 3, "maxSize": 6, "desiredSize": 3}, "labels": {}, "taints": [{"key": "k", "effect": "NO_SCHEDULE"}], "health": {"issues": []}, "enabled": true, "nothing": null}}"#,
        #"[["a", "b"], "c", ["d"]]"#,
        #""ami-1""#,
        #"null"#,
        #"true"#,
        #"[1, 2.5, "x"]"#,
        #"{"é": "ü 日本", "n": -0.5}"#,
    ]

    @Test(.enabled(if: GoldenFormatTests.awscliAvailable, "awscli is not installed: `pip install awscli` (make test installs it)"), arguments: responses)
    func textOutputMatchesAwscli(_ response: String) throws {
        let value = try JSONParser.parse(response)
        let golden = try #require(Self.python("import sys, json, io; from awscli.text import format_text; s = io.StringIO(); format_text(json.loads(sys.stdin.read()), s); sys.stdout.write(s.getvalue())", input: response))
        #expect(try AWSTextFormatter.render(value) == golden.stdout)
    }

    @Test(.enabled(if: GoldenFormatTests.awscliAvailable, "awscli is not installed: `pip install awscli` (make test installs it)"), arguments: responses)
    func jsonOutputMatchesAwscli(_ response: String) throws {
        let value = try JSONParser.parse(response)
        let golden = try #require(Self.python("import sys, json; sys.stdout.write(json.dumps(json.loads(sys.stdin.read()), indent=4, ensure_ascii=False))", input: response))
        #expect(JSONSerializer.pretty(value) == golden.stdout)
    }

    /// Extra shapes for tables: too wide for 80 columns (turned on its side), lists of dicts with
    /// nested members (a section per element), wide characters, and a row awscli itself rejects.
    static let tableResponses: [String] = responses + [
        #"{"nodegroup": {"nodegroupName": "default", "nodegroupArn": "arn:aws:eks:us-west-2:123456789012:nodegroup/eks-workshop/default/abcd-1234-ef56-7890", "status": "ACTIVE", "capacityType": "ON_DEMAND"}}"#,
        #"{"Reservations": [{"ReservationId": "r-1", "Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}}, {"InstanceId": "i-2"}]}, {"ReservationId": "r-2", "Instances": []}]}"#,
        #"{"items": [{"名前": "日本語のノード", "zone": "a"}, {"名前": "x", "zone": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"}]}"#,
        #"["ACTIVE", {"minSize": 1, "maxSize": 2, "desiredSize": 1}]"#,
        #"[{"a": 1}, {"b": 2, "c": [1, 2]}]"#,
    ]

    @Test(.enabled(if: GoldenFormatTests.awscliAvailable, "awscli is not installed: `pip install awscli` (make test installs it)"), arguments: tableResponses)
    func tableOutputMatchesAwscli(_ response: String) throws {
        let value = try JSONParser.parse(response)
        let code = """
            import sys, json, io
            from awscli.formatter import TableFormatter
            class Args: color = 'off'; query = None
            out = io.StringIO()
            try:
                TableFormatter(Args())('DescribeThing', json.loads(sys.stdin.read()), out)
                sys.stdout.write(out.getvalue())
            except ValueError as e:
                sys.stdout.write('ERROR: %s' % e)
            except TypeError:
                sys.stdout.write('TYPEERROR')
            """
        let golden = try #require(Self.python(code, input: response))
        guard golden.stdout != "TYPEERROR" else { return }  // awscli never hands its formatter a bare null or boolean
        let native: String
        do { native = try AWSTableFormatter.render(value, title: "DescribeThing") } catch { native = "ERROR: \(error.message)" }
        #expect(native == golden.stdout, "\(response)")
    }
}
