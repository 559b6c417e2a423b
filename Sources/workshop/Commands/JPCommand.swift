import ArgumentParser
import Foundation
import JMESPath
import JSON

/// `workshop jp EXPRESSION [FILE]`: try a `--query` offline.
struct JPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jp",
        abstract: "Evaluate a JMESPath expression (what aws --query takes) on JSON from a file or standard input.",
        discussion: """
            Prints the result as awscli's json output would (4-space indentation, keys in their order). \
            Exit status: 0 success, 1 the expression failed on this input (a function given the wrong type), \
            2 an invalid expression, 65 unreadable JSON.
            """
    )

    @Argument(help: "The JMESPath expression, e.g. 'Parameter.Value'.")
    var expression: String

    @Argument(help: "A JSON file (default: standard input).")
    var file: String?

    @Flag(name: [.customShort("r"), .customLong("raw")], help: "Print a string result without quotes (like --output text).")
    var raw = false

    func run() throws {
        let compiled: JMESPathExpression
        do {
            compiled = try JMESPathExpression(expression)
        } catch {
            Console.error("jp: invalid expression: \(error)\n  \(expression)\n  \(String(repeating: " ", count: error.position ?? 0))^")
            throw ExitStatus.usage
        }
        let data: Data
        if let file {
            guard let contents = FileManager.default.contents(atPath: file) else {
                Console.error("\(file): error: cannot read the file; check the path")
                throw ExitStatus.unreadable
            }
            data = contents
        } else {
            data = FileHandle.standardInput.readDataToEndOfFile()
        }
        let input: JSONValue
        do {
            input = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        } catch {
            Console.error("\(file ?? "standard input"): error: not valid JSON: \(error)")
            throw ExitStatus.unreadable
        }
        do {
            let result = try compiled.search(input)
            if raw, case .string(let s) = result {
                Console.out(s + "\n")
            } else {
                Console.out(JSONSerializer.pretty(result) + "\n")
            }
        } catch {
            Console.error("jp: \(error.kind.rawValue): \(error)")
            throw ExitStatus.failure
        }
    }
}
