import Foundation
import Testing
@testable import ClusterSim

/// A CronJob's schedule read as the controller reads it: when its next run is.
@Suite struct CronScheduleTests {
    /// Seconds since the epoch of a UTC date and time.
    func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Int64 {
        Int64(SimCalendar.days(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    func next(_ schedule: String, after time: Int64, zone: String? = nil) -> Int64? {
        CronSchedule(schedule)?.next(after: time, timeZone: zone.flatMap(TimeZone.init(identifier:)))
    }

    @Test func stepsRangesListsAndNamesFindTheNextMinute() {
        #expect(next("*/15 * * * *", after: at(2025, 11, 20, 10, 7)) == at(2025, 11, 20, 10, 15))
        #expect(next("*/15 * * * *", after: at(2025, 11, 20, 10, 15)) == at(2025, 11, 20, 10, 30), "strictly after")
        #expect(next("5 * * * *", after: at(2025, 11, 20, 23, 30)) == at(2025, 11, 21, 0, 5), "into the next day")
        // Friday 2025-11-21 10:00 → the next weekday at 09:00 is Monday the 24th.
        #expect(next("0 9 * * 1-5", after: at(2025, 11, 21, 10, 0)) == at(2025, 11, 24, 9, 0))
        #expect(next("30 6 * JAN,feb MON", after: at(2025, 11, 20, 0, 0)) == at(2026, 1, 5, 6, 30), "names, any case")
        #expect(next("0 0 1 */3 *", after: at(2025, 11, 20, 0, 0)) == at(2026, 1, 1, 0, 0), "months 1, 4, 7, 10")
        #expect(next("10-20/5 3 * * *", after: at(2025, 11, 20, 3, 12)) == at(2025, 11, 20, 3, 15))
        #expect(next("50/5 * * * *", after: at(2025, 11, 20, 3, 56)) == at(2025, 11, 20, 4, 50), "a/n runs to the field's end")
    }

    @Test func macrosAreTheirFiveFields() {
        let now = at(2025, 11, 20, 10, 7)
        #expect(next("@hourly", after: now) == at(2025, 11, 20, 11, 0))
        #expect(next("@daily", after: now) == at(2025, 11, 21, 0, 0))
        #expect(next("@midnight", after: now) == at(2025, 11, 21, 0, 0))
        #expect(next("@weekly", after: now) == at(2025, 11, 23, 0, 0), "Sunday")
        #expect(next("@monthly", after: now) == at(2025, 12, 1, 0, 0))
        #expect(next("@yearly", after: now) == at(2026, 1, 1, 0, 0))
    }

    @Test func twoRestrictedDayFieldsMatchEitherDay() {
        // The 13th or a Friday: Friday 2025-11-21 comes before 2025-12-13.
        #expect(next("0 0 13 * 5", after: at(2025, 11, 14, 0, 0)) == at(2025, 11, 21, 0, 0))
        // With the weekday `*`, only the 13th.
        #expect(next("0 0 13 * *", after: at(2025, 11, 14, 0, 0)) == at(2025, 12, 13, 0, 0))
        // A stepped weekday is a restriction: every other day from Sunday, or the 1st.
        #expect(next("0 0 1 * */2", after: at(2025, 11, 20, 12, 0)) == at(2025, 11, 22, 0, 0), "Saturday (6)")
    }

    @Test func aTimeZoneMovesTheRunToItsLocalTime() {
        // 09:00 in Paris is 08:00 UTC in winter, 07:00 UTC in summer.
        #expect(next("0 9 * * *", after: at(2025, 11, 20, 0, 0), zone: "Europe/Paris") == at(2025, 11, 20, 8, 0))
        #expect(next("0 9 * * *", after: at(2025, 7, 1, 0, 0), zone: "Europe/Paris") == at(2025, 7, 1, 7, 0))
        #expect(Simulator.rfc3339(epoch: at(2025, 11, 20, 8, 0), zone: TimeZone(identifier: "Europe/Paris")) == "2025-11-20T09:00:00+01:00")
        #expect(Simulator.rfc3339(epoch: at(2025, 11, 20, 8, 0), zone: nil) == "2025-11-20T08:00:00Z")
    }

    @Test func whatIsNotAScheduleIsRefusedAndAnImpossibleDateNeverComes() {
        for text in ["", "* * * *", "* * * * * *", "61 * * * *", "*/0 * * * *", "5-1 * * * *", "* * * * 7", "* * * FOO *", "@Daily", "@every x"] {
            #expect(CronSchedule(text) == nil, "\(text)")
        }
        #expect(next("0 0 30 2 *", after: at(2025, 11, 20, 0, 0)) == nil, "February 30th")
    }

    /// What the API server puts after `spec.schedule: Invalid value: "…": ` — the cron parser's words.
    @Test(arguments: [
        ("", "empty spec string"),
        ("* * * *", "expected exactly 5 fields, found 4: [* * * *]"),
        ("61 * * * *", "end of range (61) above maximum (59): 61"),
        ("* * 0 * *", "beginning of range (0) below minimum (1): 0"),
        ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
        ("*/0 * * * *", "step of range should be a positive number: */0"),
        ("* * * FOO *", "failed to parse int from FOO: strconv.Atoi: parsing \"FOO\": invalid syntax"),
        ("1-2-3 * * * *", "too many hyphens: 1-2-3"),
        ("*/2/3 * * * *", "too many slashes: */2/3"),
        ("@Daily", "unrecognized descriptor: @Daily"),
        ("@every 5 minutes", "failed to parse duration @every 5 minutes: time: invalid duration \"5 minutes\""),
        ("TZ=Mars/Base * * * * *", "provided bad location Mars/Base: unknown time zone Mars/Base"),
    ])
    func refusalsAreTheCronParsersWords(text: String, message: String) {
        #expect(throws: CronSchedule.ParseError(message: message)) { try CronSchedule.parse(text) }
    }

    @Test func whatTheParserAcceptsBeyondFiveFieldsRuns() throws {
        // Empty list items are skipped; `@every` is a fixed interval from the last run.
        #expect(CronSchedule("1,,2 * * * *") == CronSchedule("1,2 * * * *"))
        #expect(next("@every 90m", after: at(2025, 11, 20, 0, 0)) == at(2025, 11, 20, 1, 30))
        #expect(next("@every 1h30m", after: at(2025, 11, 20, 0, 0)) == at(2025, 11, 20, 1, 30))
        #expect(next("@daily", after: at(2025, 11, 20, 12, 0)) == at(2025, 11, 21, 0, 0))
    }
}
