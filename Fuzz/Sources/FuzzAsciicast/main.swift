import Foundation
import Transcript

/// A transcript file (any asciicast version) and a step log.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzAsciicast(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    if let cast = try? AsciicastReader.decode(text, file: "fuzz.cast") { _ = try? ReplayPlan(cast, fromStep: 2) }
    _ = try? StepLog.decode(text, file: "fuzz.steps.jsonl")
    return 0
}

// libFuzzer's driver, started from our own main (SwiftPM names an executable's entry point itself).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzAsciicast))
