import FuzzDriver
import Transcript

/// A transcript file (any asciicast version) and a step log.
// Also exported under the name libFuzzer links against.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzAsciicast(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    if let cast = try? AsciicastReader.decode(text, file: "fuzz.cast") { _ = try? ReplayPlan(cast, fromStep: 2) }
    _ = try? StepLog.decode(text, file: "fuzz.steps.jsonl")
    return 0
}

runFuzzer(fuzzAsciicast)
