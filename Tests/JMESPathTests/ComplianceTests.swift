import Foundation
import Testing
import JMESPath
import JSON

/// The official JMESPath compliance suite, when ../shared/conformance/jmespath is present.
@Suite struct ComplianceTests {
    struct Case: CustomStringConvertible, Sendable {
        var file: String
        var given: JSONValue
        var expression: String
        var result: JSONValue?
        var error: String?
        var description: String { "\(file): \(expression)" }
    }

    static let directory: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/conformance/jmespath").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    static let cases: [Case] = {
        guard let directory = directory,
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory).filter({ $0.hasSuffix(".json") }).sorted() else { return [] }
        var cases: [Case] = []
        for file in files {
            guard let text = try? String(contentsOfFile: directory + "/" + file, encoding: .utf8),
                  case .array(let groups) = try? JSONParser.parse(text) else { continue }
            for group in groups {
                guard let given = group["given"], case .array(let list)? = group["cases"] else { continue }
                for item in list {
                    guard case .string(let expression)? = item["expression"] else { continue }
                    if item["bench"] != nil && item["result"] == nil && item["error"] == nil {
                        cases.append(Case(file: file, given: given, expression: expression, result: nil, error: nil))
                        continue
                    }
                    var error: String?
                    if case .string(let e)? = item["error"] { error = e }
                    cases.append(Case(file: file, given: given, expression: expression, result: item["result"], error: error))
                }
            }
        }
        return cases
    }()

    static let missing: Comment = "../shared/conformance/jmespath (the official compliance suite) is not beside this checkout"

    @Test(.enabled(if: directory != nil, missing))
    func wholeSuiteIsRead() {
        #expect(Self.cases.count > 850)
    }

    @Test(.enabled(if: directory != nil, missing), arguments: cases)
    func compliance(_ testCase: Case) {
        do {
            let expression = try JMESPathExpression(testCase.expression)
            let value = try expression.search(testCase.given)
            if let expectedError = testCase.error {
                Issue.record("expected \(expectedError) error, got \(value)")
            } else if let expected = testCase.result {
                #expect(value == expected, "got \(value)")
            }
        } catch {
            if let expectedError = testCase.error {
                #expect(error.kind.rawValue == expectedError, "\(error)")
            } else if testCase.result != nil || testCase.error == nil && testCase.file != "benchmarks.json" {
                Issue.record("unexpected \(error.kind.rawValue) error: \(error)")
            }
        }
    }
}
