import ClusterSim
import JSON

/// kubectl describe's `PrefixWriter` over its `tabbedString`: text written at an indentation level
/// (two spaces each), laid out by Go's tabwriter with padding 2 when the page is done. `flush()`
/// ends a tabwriter block early, as `DescribeEvents` does before its table.
struct DescribeWriter {
    private var pending = ""
    private var done = ""
    private let tabwriter = GoTabWriter.describe()

    mutating func write(_ level: Int, _ text: String) {
        pending += String(repeating: "  ", count: level) + text
    }

    mutating func flush() {
        done += tabwriter.format(pending)
        pending = ""
    }

    mutating func finish() -> String {
        flush()
        return done
    }
}

/// Reading API objects the way the describers do.
extension JSONValue {
    subscript(path path: String...) -> JSONValue? {
        var value: JSONValue? = self
        for key in path { value = value?[key] }
        return value
    }

    func text(_ path: String...) -> String {
        var value: JSONValue? = self
        for key in path { value = value?[key] }
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        default: return ""
        }
    }

    var items: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }

    var stringMap: [(key: String, value: String)] {
        guard case .object(let pairs) = self else { return [] }
        return pairs.map { ($0.key, $0.value.stringValue ?? "") }
    }
}

/// Times as kubectl describe prints them.
enum DescribeTime {
    /// Unix seconds of an RFC 3339 timestamp (`2025-11-19T07:10:00Z`, fractions and offsets allowed).
    static func epoch(_ text: String) -> Double? {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: b[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19) else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            let start = i
            i += 1
            while i < b.count, b[i] >= 48, b[i] <= 57 { i += 1 }
            fraction = Double(String(decoding: b[start..<i], as: UTF8.self)) ?? 0
        }
        var offset = 0
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 6 <= b.count,
           let h = number(i + 1..<i + 3), let m = number(i + 4..<i + 6) {
            offset = (h * 3600 + m * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        let days = SimCalendar.days(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }

    /// Go's `time.RFC1123Z` in UTC: `Wed, 19 Nov 2025 07:10:00 +0000`.
    static func rfc1123Z(_ epoch: Double) -> String {
        let total = Int(epoch.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let seconds = total - days * 86_400
        let (year, month, day) = SimCalendar.civil(fromDays: days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        let monthName = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(day)) \(monthName) \(year) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60)) +0000"
    }
}
