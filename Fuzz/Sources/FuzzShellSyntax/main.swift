import Foundation
import ShellSyntax

/// A command line: parsed, then its variable reads and writes walked (what lint does).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzShellSyntax(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let script = try? ShellParser.parse(text) else { return 0 }
    _ = VariableUsage(script: script).events
    return 0
}

// libFuzzer's driver, started from our own main (SwiftPM names an executable's entry point itself).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzShellSyntax))
