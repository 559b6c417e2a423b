import FuzzDriver
import ShellSyntax

/// A command line read both ways Workshop reads one: into a syntax tree (what the runner does) and
/// into variable reads and writes (what lint does). They share one grammar, so they must agree on
/// whether the line is valid bash and, if not, on the error; a disagreement stops the fuzzer.
// Also exported under the name libFuzzer links against.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzShellSyntax(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let tree = Result { try ShellParser.parse(text) }
    let usage = Result { () throws(ShellSyntaxError) in try VariableUsage(parsing: text) }
    switch (tree, usage) {
    case (.success, .success):
        break
    case (.failure(let treeError), .failure(let usageError)):
        precondition(treeError as? ShellSyntaxError == usageError, "the parser and the usage recorder fail differently")
    default:
        preconditionFailure("the parser and the usage recorder disagree on whether this is valid bash")
    }
    return 0
}

runFuzzer(fuzzShellSyntax)
