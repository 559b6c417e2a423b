import FuzzDriver
import JMESPath
import JSON

/// The first line is an expression, the rest a JSON document: compile, parse, search.
// Also exported under the name libFuzzer links against.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJMESPath(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    guard let expression = try? JMESPathExpression(String(parts[0])) else { return 0 }
    let document = parts.count > 1 ? ((try? JSONParser.parse(String(parts[1]))) ?? .null) : .null
    _ = try? expression.search(document)
    return 0
}

runFuzzer(fuzzJMESPath)
