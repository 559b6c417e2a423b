import FuzzDriver
import ShellSyntax

/// A command line: parsed, then its variable reads and writes walked (what lint does).
// Also exported under the name libFuzzer links against.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzShellSyntax(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let script = try? ShellParser.parse(text) else { return 0 }
    _ = VariableUsage(script: script).events
    return 0
}

runFuzzer(fuzzShellSyntax)
