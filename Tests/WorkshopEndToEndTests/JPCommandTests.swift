import Foundation
import Testing

/// `workshop jp` as an author trying a `--query` offline.
@Suite struct JPCommandTests {
    let response = #"{"Parameter": {"Name": "/aws/x", "Value": "ami-0b5e3a7d9c1f24e68", "Version": 160}}"#

    @Test func evaluatesOnStandardInput() throws {
        let result = try WorkshopBinary.run(["jp", "Parameter.Value"], stdin: response)
        #expect(result.status == 0)
        #expect(result.stdout == "\"ami-0b5e3a7d9c1f24e68\"\n")
        let raw = try WorkshopBinary.run(["jp", "-r", "Parameter.Value"], stdin: response)
        #expect(raw.stdout == "ami-0b5e3a7d9c1f24e68\n")
        let object = try WorkshopBinary.run(["jp", "Parameter.{v: Version, n: Name}"], stdin: response)
        #expect(object.stdout == "{\n    \"v\": 160,\n    \"n\": \"/aws/x\"\n}\n")
    }

    @Test func readsAFile() throws {
        let path = NSTemporaryDirectory() + "jp-\(UUID().uuidString).json"
        try response.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try WorkshopBinary.run(["jp", "length(Parameter)", path]).stdout == "3\n")
    }

    @Test func errorsHaveDistinctStatuses() throws {
        let syntax = try WorkshopBinary.run(["jp", "Parameter.[Name"], stdin: response)
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("invalid expression"))
        let type = try WorkshopBinary.run(["jp", "abs(Parameter.Name)"], stdin: response)
        #expect(type.status == 1)
        #expect(type.stderr.contains("invalid-type"))
        let json = try WorkshopBinary.run(["jp", "a"], stdin: "{not json")
        #expect(json.status == 65)
    }
}
