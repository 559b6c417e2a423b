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

    /// Nil when the text is not a schedule the controller can read.
    public init?(_ text: String) {
        let expanded = Self.macros[text.lowercased()] ?? text
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5,
              let minutes = Self.field(fields[0], 0...59, names: []),
              let hours = Self.field(fields[1], 0...23, names: []),
              let days = Self.field(fields[2], 1...31, names: []),
              let months = Self.field(fields[3], 1...12, names: Self.monthNames, firstName: 1),
              let weekdays = Self.field(fields[4], 0...6, names: Self.weekdayNames, firstName: 0) else { return nil }
        self.minutes = minutes.values.sorted()
        self.hours = hours.values.sorted()
        self.days = days.values
        self.months = months.values
        self.weekdays = weekdays.values
        daysUnrestricted = days.unrestricted
        weekdaysUnrestricted = weekdays.unrestricted
    }

    /// One field's values, and whether it was `*`/`?` (a step other than 1 restricts it).
    static func field(_ text: String, _ range: ClosedRange<Int>, names: [String], firstName: Int = 0)
        -> (values: Set<Int>, unrestricted: Bool)? {
        var values: Set<Int> = []
        var unrestricted = false
        func number(_ word: Substring) -> Int? {
            if let n = Int(word) { return n }
            return names.firstIndex(of: word.lowercased()).map { $0 + firstName }
        }
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2, let head = pieces.first, !head.isEmpty else { return nil }
            var low: Int, high: Int
            var star = false
            if head == "*" || head == "?" {
                (low, high, star) = (range.lowerBound, range.upperBound, true)
            } else {
                let bounds = head.split(separator: "-", omittingEmptySubsequences: false)
                guard bounds.count <= 2, let a = number(bounds[0]) else { return nil }
                low = a
                high = a
                if bounds.count == 2 {
                    guard let b = number(bounds[1]) else { return nil }
                    high = b
                }
            }
            var step = 1
            if pieces.count == 2 {
                guard let n = Int(pieces[1]), n > 0 else { return nil }
                step = n
                // `a/n` runs from a to the field's end.
                if !star && !head.contains("-") { high = range.upperBound }
                if n > 1 { star = false }
            }
            guard range.contains(low), range.contains(high), low <= high else { return nil }
            values.formUnion(stride(from: low, through: high, by: step))
            unrestricted = unrestricted || star
        }
        return (values, unrestricted)
    }

    /// The first scheduled moment strictly after `epoch` (seconds), in `timeZone`; nil when none
    /// comes within five years (`0 0 30 2 *`).
    public func next(after epoch: Int64, timeZone: TimeZone? = nil) -> Int64? {
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
