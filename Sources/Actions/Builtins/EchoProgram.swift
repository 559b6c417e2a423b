/// `echo [-n] [-e] words…`.
public struct EchoProgram: Program {
    public let name = "echo"

    public init() {}

    public func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        var words = arguments[...]
        var newline = true
        var escapes = false
        while let flag = words.first, flag.hasPrefix("-"), flag.count > 1, flag.dropFirst().allSatisfy({ "neE".contains($0) }) {
            if flag.contains("n") { newline = false }
            if flag.contains("e") { escapes = true }
            if flag.contains("E") { escapes = false }
            words = words.dropFirst()
        }
        var text = words.joined(separator: " ")
        if escapes {
            text = text.replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\t", with: "\t")
                .replacingOccurrences(of: "\\\\", with: "\\")
        }
        context.out(text + (newline ? "\n" : ""))
        return 0
    }
}
