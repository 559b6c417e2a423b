import Testing
import JSON
@testable import JMESPath

/// Inputs `make fuzz` found that crashed; each must now be a syntax error with a position.
@Suite struct FuzzRegressionTests {
    @Test(arguments: ["", " ", "\t\n", ")", "a.", "a ||", "[?", "foo[", "!"])
    func malformedExpressionsAreSyntaxErrors(_ expression: String) throws {
        do {
            _ = try JMESPathExpression(expression)
            Issue.record("'\(expression)' compiled")
        } catch {
            #expect(error.kind == .syntax)
            let position = try #require(error.position)
            #expect(position >= 0 && position <= expression.utf8.count)
        }
    }

    /// FuzzJMESPath (10-minute run) overflowed the stack with `[*[]|[*[]|…` nested thousands deep:
    /// every such shape is now refused as too deep, while ordinary depths still work.
    @Test(arguments: [String(repeating: "[", count: 10_000), String(repeating: "a.", count: 10_000) + "a",
                      String(repeating: "!", count: 10_000) + "a", String(repeating: "(", count: 10_000) + "a",
                      String(repeating: "[*[]|", count: 5_000), String(repeating: "a | ", count: 10_000) + "a",
                      String(repeating: "{a: ", count: 10_000) + "a"])
    func deeplyNestedExpressionsAreRefused(_ expression: String) throws {
        do {
            _ = try JMESPathExpression(expression)
            Issue.record("a \(expression.count)-character nest compiled")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.message.contains("nested too deeply") || error.message.hasPrefix("unexpected"))
        }
    }

    @Test func ordinaryDepthsStillWork() throws {
        let chain = String(repeating: "a.", count: 100) + "a"
        var document = JSONValue.string("bottom")
        for _ in 0..<101 { document = .object([("a", document)]) }
        #expect(try JMESPathExpression(chain).search(document) == .string("bottom"))
        #expect(try JMESPathExpression(String(repeating: "[", count: 50) + "0" + String(repeating: "]", count: 50)).search(.null) == .null)
    }
}
