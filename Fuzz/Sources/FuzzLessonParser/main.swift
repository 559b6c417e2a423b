import FuzzDriver
import LessonKit

/// A lesson file's bytes: validation, front matter, cmark, annotations, both readings, then lint.
// Also exported under the name libFuzzer links against.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzLessonParser(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    guard let source = try? LessonSource.decode(bytes, file: "fuzz.md"), let lesson = try? LessonParser.parse(source) else { return 0 }
    _ = Linter().lint(lesson)
    return 0
}

runFuzzer(fuzzLessonParser)
