import Foundation
import LessonKit

/// A lesson file's bytes: validation, front matter, cmark, annotations, both readings, then lint.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzLessonParser(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let source = try? LessonSource.decode(bytes, file: "fuzz.md"), let lesson = try? LessonParser.parse(source) else { return 0 }
    _ = Linter().lint(lesson)
    return 0
}

// libFuzzer's driver, started from our own main (SwiftPM names an executable's entry point itself).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzLessonParser))
