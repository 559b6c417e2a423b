import Foundation
import Testing

/// `workshop test` as an author runs it in CI.
@Suite struct TestCommandTests {
    static let fixtures = "Tests/Fixtures/test-mode"

    func outcomes(_ json: String) throws -> [String: [String]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let lessons = try #require(document["lessons"] as? [[String: Any]])
        var result: [String: [String]] = [:]
        for lesson in lessons {
            let file = (lesson["file"] as? String ?? "").replacingOccurrences(of: Self.fixtures + "/", with: "")
            result[file] = (lesson["blocks"] as? [[String: Any]] ?? []).map { $0["outcome"] as? String ?? "" }
        }
        return result
    }

    @Test(.enabled(if: WorkshopBinary.isInstalled("jq"), "jq is not installed (make test installs it)")) func bundledLessonsPass() throws {
        let result = try WorkshopBinary.run(["test"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("0 failed"))
        #expect(result.stdout.contains("✓ lessons/mng-upgrades/upgrade-ami.md"))
        #expect(result.stdout.contains("block 4 (line 61) skipped  $ kubectl get nodes --watch"))
    }

    @Test func everyAnnotationAndOutcome() throws {
        let result = try WorkshopBinary.run(["test", Self.fixtures, "--format", "json"])
        #expect(result.status == 1)
        let blocks = try outcomes(result.stdout)
        #expect(blocks["outcomes.md"] == ["passed", "passed", "skipped", "passed", "passed", "passed"])
        #expect(blocks["failing.md"] == ["failed", "skipped"])
        #expect(blocks["command-not-found.md"] == ["failed"])
        #expect(blocks["timeout.md"] == ["passed", "timed out"])
        #expect(blocks["hook-rejects.md"] == ["failed"])
        #expect(blocks["hooked/page.md"] == ["skipped"])
        #expect(blocks["notested/page.md"] == ["skipped"])
        // The live summary goes to stderr when the report goes to stdout.
        #expect(result.stderr.contains("timed out after 60 simulated seconds (timeout=60)"))
        #expect(result.stderr.contains("helm: command not found"))
        #expect(result.stderr.contains("error running 'after' hook at Tests/Fixtures/test-mode/tests/hook-wants-other.sh"))
        #expect(result.stderr.contains("suite hook: error running 'before' hook"))
        #expect(result.stderr.contains("environment not prepared"))
    }

    @Test func parallelRunsReportWhatSerialRunsReport() throws {
        let serial = try WorkshopBinary.run(["test", Self.fixtures, "--format", "json"])
        let parallel = try WorkshopBinary.run(["test", Self.fixtures, "--format", "json", "--jobs", "4"])
        #expect(try outcomes(serial.stdout) == outcomes(parallel.stdout))
        // Grouped per lesson, in the same order.
        let order = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.isEmpty }.map { $0.split(separator: "[").first ?? "" } }
        #expect(order(serial.stderr).dropLast() == order(parallel.stderr).dropLast())
    }

    @Test func junitIsReadByARealXMLParser() throws {
        let directory = NSTemporaryDirectory() + "workshop-junit-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let report = directory + "/report.xml"
        let result = try WorkshopBinary.run(["test", Self.fixtures, "--format", "junit", "--output", report])
        #expect(result.status == 1)
        #expect(result.stdout.contains("lessons, 21 blocks"))
        // Python's xml.etree is a real XML parser; it checks the structure a CI parser reads.
        let check = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == 'testsuites', root.tag
            cases = root.findall('./testsuite/testcase')
            assert len(cases) == int(root.get('tests')) + 1, (len(cases), root.get('tests'))
            assert all(c.get('file') and c.get('classname') for c in cases)
            print(len(root.findall('.//failure')), len(root.findall('.//error')), len(root.findall('.//skipped')), root.get('failures'), root.get('errors'))
            """
        let python = try WorkshopBinary.runProgram("/usr/bin/env", ["python3", "-c", check, report])
        #expect(python.status == 0, "\(python.stderr)")
        #expect(python.stdout == "3 3 5 3 3\n")
        let xml = try String(contentsOfFile: report, encoding: .utf8)
        #expect(xml.contains(#"line="12""#))
    }

    @Test func tapFollowsItsGrammar() throws {
        let result = try WorkshopBinary.run(["test", Self.fixtures, "--format", "tap"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
        #expect(lines.first == "TAP version 13")
        #expect(lines.dropFirst().first == "1..21")
        var inDiagnostic = false
        var points = 0
        for line in lines.dropFirst(2) {
            if inDiagnostic {
                if line == "  ..." { inDiagnostic = false }
                continue
            }
            if line == "  ---" { inDiagnostic = true; continue }
            if line.hasPrefix("#") { continue }
            let point = try #require(line.wholeMatch(of: /(not )?ok (\d+) - [^#]*(?:\\#[^#]*)*( # SKIP .*)?/), "not TAP: \(line)")
            points += 1
            #expect(Int(point.2) == points)
        }
        #expect(points == 21)
        #expect(!inDiagnostic)
    }

    @Test func checkOutputToleratesIdsButNotOtherValues() throws {
        let lesson = Self.fixtures + "/check-output.md"
        #expect(try WorkshopBinary.run(["test", lesson]).status == 0)
        let checked = try WorkshopBinary.run(["test", lesson, "--check-output", "--format", "json"])
        #expect(checked.status == 1)
        #expect(try outcomes(checked.stdout).values.first == ["passed", "failed"])
        #expect(checked.stderr.contains("lacks the sample line: some-other-cluster"))
    }

    @Test func listPlansWithoutRunning() throws {
        let result = try WorkshopBinary.run(["test", "--list", Self.fixtures + "/timeout.md"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("block 2 (line 12)  [timeout=60]"))
        #expect(!result.stdout.contains("timed out"))
    }

    @Test func onlyGlobAndBail() throws {
        let only = try WorkshopBinary.run(["test", Self.fixtures + "/timeout.md", "--only", "1", "--format", "json"])
        #expect(try outcomes(only.stdout).values.first == ["passed", "skipped"])
        #expect(only.status == 0)
        let glob = try WorkshopBinary.run(["test", Self.fixtures, "--glob", "hooked", "--format", "json"])
        #expect(try outcomes(glob.stdout).keys.sorted() == ["hooked/page.md"])
        let bail = try WorkshopBinary.run(["test", Self.fixtures, "--bail", "--format", "json"])
        #expect(try outcomes(bail.stdout).count < outcomes(try WorkshopBinary.run(["test", Self.fixtures, "--format", "json"]).stdout).count)
        let usage = try WorkshopBinary.run(["test", "--format", "xml"])
        #expect(usage.status == 2)
        let unreadable = try WorkshopBinary.run(["test", "/no/such/lesson.md"])
        #expect(unreadable.status == 65)
    }

    @Test func recordedTestRunsVerify() throws {
        let directory = NSTemporaryDirectory() + "workshop-test-record-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try WorkshopBinary.run(["test", "upgrade-ami", "--record", directory])
        #expect(result.status == 0)
        let verify = try WorkshopBinary.run(["verify", directory + "/upgrade-ami.cast"])
        #expect(verify.status == 0, "\(verify.stdout)")
        // 5 blocks as bash ran them, and the 6 calls they made to the cluster, each run again.
        #expect(verify.stdout.contains("11 steps match"))
        // A call whose recorded answer was altered is caught.
        let steps = directory + "/upgrade-ami.steps.jsonl"
        let original = try String(contentsOfFile: steps, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let call = try #require(lines.firstIndex { $0.contains(#""kind":"call""#) })
        lines[call] = lines[call].replacingOccurrences(of: #""status":0"#, with: #""status":3"#)
        let tampered = lines.joined(separator: "\n")
        try tampered.write(toFile: steps, atomically: true, encoding: .utf8)
        let caught = try WorkshopBinary.run(["verify", steps])
        #expect(caught.status == 1, "\(caught.stdout)")
        #expect(caught.stdout.contains("exit status: expected 3, got 0"))
    }

    @Test func coverageCountsCommandsAndCallsPerProgram() throws {
        let result = try WorkshopBinary.run(["test", "--coverage", "script-the-upgrade"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("coverage: 8 commands in 5 blocks; 5 blocks ran to success"), "\(result.stdout)")
        let rows = Dictionary(result.stdout.split(separator: "\n").dropFirst(2).map { line in
            (String(line.prefix(20)).trimmingCharacters(in: .whitespaces), String(line.dropFirst(21)).trimmingCharacters(in: .whitespaces))
        }, uniquingKeysWith: { first, _ in first })
        // The polling loop calls describe-update and sleep once per 30 s of the update.
        #expect(rows["aws"]?.hasPrefix("4 ") == true, "\(rows)")
        #expect(rows["sleep"]?.hasSuffix("answered") == true)
        #expect(rows["jq"] == "2   runs as itself in bash" || rows["jq"]?.hasPrefix("2   not installed") == true)
        let fixtures = try WorkshopBinary.run(["test", "--coverage", Self.fixtures])
        #expect(fixtures.stdout.contains("helm                        1   not installed here"))
    }

    @Test func shellBackendRunsBashWithStateAndTimeouts() throws {
        let result = try WorkshopBinary.run(["test", "--backend", "shell", Self.fixtures + "/bash-only", "--format", "json"])
        #expect(result.status == 1)
        #expect(try outcomes(result.stdout).values.first == ["passed", "passed", "passed", "timed out", "skipped"])
        #expect(result.stderr.contains("timed out after 1 seconds"))
    }
}
