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
}
