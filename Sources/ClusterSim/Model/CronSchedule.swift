import Foundation

/// A CronJob's `schedule` as the CronJob controller's cron parser reads it: five fields — minute,
/// hour, day of month, month, day of week — each `*`, `?`, a value, a range `a-b`, a step `*/n`,
/// `a/n` or `a-b/n`, or a list of those; month and weekday names (`JAN`, `MON`); or a macro
/// (`@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`, `@yearly`, `@annually`).
///
/// When both day fields are restricted a day matching either is a match (cron's rule); when either
/// is `*` or `?`, both must match. Times are read in `timeZone` (UTC when nil).
public struct CronSchedule: Sendable, Equatable {
    var minutes: [Int]
    var hours: [Int]
    var days: Set<Int>
    var months: Set<Int>
    var weekdays: Set<Int>
    var daysUnrestricted: Bool
    var weekdaysUnrestricted: Bool

    static let macros = ["@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
                         "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"]
    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// A fixed interval (`@every 90m`): each run that long after the one before.
    var interval: Int64?

    /// Why a schedule does not read: the cron parser's own words (what the API server puts after
    /// `spec.schedule: Invalid value: "…": `).
    public struct ParseError: Error, Equatable, Sendable {
        public var message: String
    }

    private init(minutes: [Int], hours: [Int], days: Set<Int>, months: Set<Int>, weekdays: Set<Int>,
                 daysUnrestricted: Bool, weekdaysUnrestricted: Bool) {
        (self.minutes, self.hours, self.days, self.months, self.weekdays) = (minutes, hours, days, months, weekdays)
        (self.daysUnrestricted, self.weekdaysUnrestricted) = (daysUnrestricted, weekdaysUnrestricted)
    }

    /// Nil when the text is not a schedule the controller can read.
    public init?(_ text: String) {
        guard let parsed = try? Self.parse(text) else { return nil }
        self = parsed
    }

    /// Reads a schedule as the controller's cron parser (robfig/cron v3, standard fields and
    /// descriptors) does, refusing it in that parser's words. A leading `TZ=`/`CRON_TZ=` zone is
    /// read past (the API server refuses it separately).
    public static func parse(_ spec: String) throws(ParseError) -> CronSchedule {
        var text = spec
        guard !text.isEmpty else { throw ParseError(message: "empty spec string") }
        if text.hasPrefix("TZ=") || text.hasPrefix("CRON_TZ=") {
            guard let space = text.firstIndex(of: " ") else { throw ParseError(message: "invalid timezone specification: \(spec)") }
            let zone = String(text[text.index(after: text.firstIndex(of: "=")!)..<space])
            if TimeZone(identifier: zone) == nil, zone != "UTC", zone != "Local" {
                throw ParseError(message: "provided bad location \(zone): unknown time zone \(zone)")
            }
            text = String(text[space...]).trimmingCharacters(in: .whitespaces)
        }
        if text.hasPrefix("@") {
            if let expanded = macros[text] { return try parse(expanded) }
            if text.hasPrefix("@every ") {
                let duration = String(text.dropFirst("@every ".count))
                guard let seconds = goDurationSeconds(duration) else {
                    throw ParseError(message: "failed to parse duration \(text): time: invalid duration \"\(duration)\"")
                }
                var every = try parse("* * * * *")
                // Less than a second is a second; fractions of one are dropped (robfig's Every).
                every.interval = max(1, Int64(seconds.rounded(.down)))
                return every
            }
            throw ParseError(message: "unrecognized descriptor: \(text)")
        }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(message: "expected exactly 5 fields, found \(fields.count): [\(fields.joined(separator: " "))]")
        }
        let minutes = try field(fields[0], 0...59, names: [])
        let hours = try field(fields[1], 0...23, names: [])
        let days = try field(fields[2], 1...31, names: [])
        let months = try field(fields[3], 1...12, names: monthNames, firstName: 1)
        let weekdays = try field(fields[4], 0...6, names: weekdayNames, firstName: 0)
        return CronSchedule(minutes: minutes.values.sorted(), hours: hours.values.sorted(), days: days.values, months: months.values,
                            weekdays: weekdays.values, daysUnrestricted: days.unrestricted, weekdaysUnrestricted: weekdays.unrestricted)
    }

    /// One field's values, and whether it was `*`/`?` (a step other than 1 restricts it).
    static func field(_ text: String, _ range: ClosedRange<Int>, names: [String], firstName: Int = 0)
        throws(ParseError) -> (values: Set<Int>, unrestricted: Bool) {
        var values: Set<Int> = []
        var unrestricted = false
        func number(_ word: Substring) throws(ParseError) -> Int {
            if let index = names.firstIndex(of: word.lowercased()) { return index + firstName }
            return try integer(word)
        }
        func integer(_ word: Substring) throws(ParseError) -> Int {
            guard let n = Int(word) else {
                throw ParseError(message: "failed to parse int from \(word): strconv.Atoi: parsing \"\(word)\": invalid syntax")
            }
            guard n >= 0 else { throw ParseError(message: "negative number (\(n)) not allowed: \(word)") }
            return n
        }
        // Empty items between commas are skipped, as the parser's FieldsFunc does.
        for part in text.split(separator: ",") {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            let head = pieces[0]
            let bounds = head.split(separator: "-", omittingEmptySubsequences: false)
            var low: Int, high: Int
            var star = false
            if bounds[0] == "*" || bounds[0] == "?" {
                (low, high, star) = (range.lowerBound, range.upperBound, true)
            } else {
                low = try number(bounds[0])
                high = low
                guard bounds.count <= 2 else { throw ParseError(message: "too many hyphens: \(part)") }
                if bounds.count == 2 { high = try number(bounds[1]) }
            }
            var step = 1
            if pieces.count == 2 {
                step = try integer(pieces[1])
                // `a/n` runs from a to the field's end.
                if bounds.count == 1 { high = range.upperBound }
                if step > 1 { star = false }
            } else if pieces.count > 2 {
                throw ParseError(message: "too many slashes: \(part)")
            }
            if low < range.lowerBound { throw ParseError(message: "beginning of range (\(low)) below minimum (\(range.lowerBound)): \(part)") }
            if high > range.upperBound { throw ParseError(message: "end of range (\(high)) above maximum (\(range.upperBound)): \(part)") }
            if low > high { throw ParseError(message: "beginning of range (\(low)) beyond end of range (\(high)): \(part)") }
            if step == 0 { throw ParseError(message: "step of range should be a positive number: \(part)") }
            values.formUnion(stride(from: low, through: high, by: step))
            unrestricted = unrestricted || star
        }
        return (values, unrestricted)
    }

    /// Go's `time.ParseDuration` for the units a schedule uses (`1h30m`, `90s`, `1.5h`), in seconds.
    static func goDurationSeconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text), total = 0.0
        guard !rest.isEmpty else { return nil }
        if rest == "0" { return 0 }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms")) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return total
    }

    /// The first scheduled moment strictly after `epoch` (seconds), in `timeZone`; nil when none
    /// comes within five years (`0 0 30 2 *`).
    public func next(after epoch: Int64, timeZone: TimeZone? = nil) -> Int64? {
        if let interval { return epoch + interval }
        let offset = { (utc: Int64) -> Int64 in Int64(timeZone?.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utc))) ?? 0) }
        let local = epoch + offset(epoch)
        // The next whole minute after `local`, in local wall time.
        let start = (local / 60 + 1) * 60
        var day = Int(start.floorDivided(by: 86_400))
        var minuteOfDay = Int((start - Int64(day) * 86_400) / 60)
        for _ in 0..<(366 * 5) {
            let (_, month, dayOfMonth) = SimCalendar.civil(fromDays: day)
            // 1970-01-01 was a Thursday (4).
            let weekday = ((day % 7) + 7 + 4) % 7
            let dayMatch = days.contains(dayOfMonth), weekdayMatch = weekdays.contains(weekday)
            let matches = daysUnrestricted || weekdaysUnrestricted ? dayMatch && weekdayMatch : dayMatch || weekdayMatch
            if months.contains(month) && matches {
                for hour in hours where hour * 60 + 59 >= minuteOfDay {
                    for minute in minutes where hour * 60 + minute >= minuteOfDay {
                        let wall = Int64(day) * 86_400 + Int64(hour * 3600 + minute * 60)
                        return wall - offset(wall - offset(epoch))
                    }
                }
            }
            day += 1
            minuteOfDay = 0
        }
        return nil
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        self >= 0 ? self / divisor : -((-self + divisor - 1) / divisor)
    }
}
