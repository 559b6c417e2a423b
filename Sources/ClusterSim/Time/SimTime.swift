/// A point on the simulation's virtual clock: milliseconds since the scenario started.
///
/// Integer milliseconds keep every run bit-for-bit reproducible (no floating-point drift).
public struct SimTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static let zero = SimTime(milliseconds: 0)

    public static func seconds(_ s: Double) -> SimTime { SimTime(milliseconds: Int64((s * 1000).rounded())) }
    public static func minutes(_ m: Double) -> SimTime { .seconds(m * 60) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (a: SimTime, b: SimTime) -> Bool { a.milliseconds < b.milliseconds }
    public static func + (a: SimTime, b: SimTime) -> SimTime { SimTime(milliseconds: a.milliseconds + b.milliseconds) }
    public static func - (a: SimTime, b: SimTime) -> SimTime { SimTime(milliseconds: a.milliseconds - b.milliseconds) }

    /// `mm:ss` (or `h:mm:ss` past an hour), as timelines show elapsed time.
    public var clockText: String {
        let total = Int(milliseconds / 1000)
        let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(two(m)):\(two(s))"
    }

    /// `10m32s`, for durations in sentences.
    public var durationText: String {
        let total = Int(milliseconds / 1000)
        let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60)
        if h > 0 { return "\(h)h\(m)m" }
        if m > 0 { return s == 0 ? "\(m)m" : "\(m)m\(s)s" }
        return "\(s)s"
    }

    public var description: String { clockText }
}

/// Wall-calendar time of the simulated world: the scenario's start date plus the virtual clock.
public struct SimCalendar: Sendable, Equatable {
    /// Unix seconds of the scenario's start.
    public var startEpoch: Double

    public init(startEpoch: Double) { self.startEpoch = startEpoch }

    public func epoch(_ time: SimTime) -> Double { startEpoch + time.seconds }

    /// ISO 8601 in UTC with milliseconds: `2025-11-20T09:00:00.000Z`.
    public func iso8601(_ time: SimTime) -> String { Self.iso8601(epoch: epoch(time)) }

    public static func iso8601(epoch: Double, fractionDigits: Int = 3) -> String {
        let (date, seconds) = components(epoch: epoch)
        var text = date + "T" + seconds.time
        if fractionDigits > 0 {
            let millis = Int((epoch - epoch.rounded(.down)) * 1000 + 0.5) % 1000
            let digits = String(millis + 1000).dropFirst()
            text += "." + digits.prefix(fractionDigits)
        }
        return text + "Z"
    }

    /// `2025-11-20 09:00:00`, as eksctl logs.
    public static func logTimestamp(epoch: Double) -> String {
        let (date, seconds) = components(epoch: epoch)
        return date + " " + seconds.time
    }

    /// `20251120`.
    public static func compactDate(epoch: Double) -> String {
        components(epoch: epoch).0.replacingOccurrences(of: "-", with: "")
    }

    private static func components(epoch: Double) -> (String, (time: String, Int)) {
        let total = Int(epoch.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = total - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let date = "\(y)-\(two(m))-\(two(d))"
        let time = "\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):\(two(secondsOfDay % 60))"
        return (date, (time, secondsOfDay))
    }

    /// Unix seconds of a `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ` text, or `nil`.
    public static func parseEpoch(_ text: String) -> Double? {
        let digits = text.split(whereSeparator: { "-T:Z ".contains($0) }).map { Int($0) }
        guard digits.count == 3 || digits.count == 6, digits.allSatisfy({ $0 != nil }) else { return nil }
        let v = digits.map { $0! }
        let (y, m, d) = (v[0], v[1], v[2])
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        let days = days(year: y, month: m, day: d)
        let seconds = v.count == 6 ? v[3] * 3600 + v[4] * 60 + v[5] : 0
        return Double(days * 86_400 + seconds)
    }

    /// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's civil-from-days).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days since 1970-01-01 of a civil date (the inverse of `civil(fromDays:)`).
    public static func days(year y: Int, month m: Int, day d: Int) -> Int {
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
