import Actions
import Foundation
import ClusterObservation
import Timeline

/// A self-contained HTML page of a test run — lessons, blocks, outcomes, output and timings — with
/// each lesson's upgrade drawn inline as an SVG timeline. Written as polyglot XHTML (well-formed
/// XML that browsers read as HTML), so `xmllint --noout` checks it.
public enum HTMLTestReport: TestReportFormat {
    public static let name = "html"

    public static func render(_ report: TestReport) -> String {
        let totals = TestOutcome.allCases.map { "\(report.count($0)) \($0.rawValue)" }.joined(separator: " · ")
        var sections: [String] = []
        for (index, lesson) in report.lessons.enumerated() {
            var rows: [String] = []
            for block in lesson.blocks {
                let output = (block.stdout + block.stderr).trimmingCharacters(in: .newlines)
                rows.append("""
                    <tr class="\(css(block.outcome))"><td>\(block.number)</td><td>\(block.line)</td><td><code>\(escape(block.command))</code></td>\
                    <td><span class="badge \(css(block.outcome))">\(mark(block.outcome)) \(block.outcome.rawValue)</span></td>\
                    <td class="num">\(format(block.simulatedSeconds))</td><td class="num">\(format(block.wallSeconds))</td></tr>
                    """)
                if block.message != nil || !output.isEmpty {
                    rows.append("""
                        <tr class="detail"><td></td><td colspan="5">\(block.message.map { "<p>\(escape($0))</p>" } ?? "")\
                        \(output.isEmpty ? "" : "<details\(block.outcome == .failed || block.outcome == .timedOut ? " open=\"open\"" : "")><summary>output (\(lineCount(output)))</summary><pre>\(escape(output))</pre></details>")</td></tr>
                        """)
                }
            }
            var picture = "<p class=\"muted\">No cluster change was observed in this lesson.</p>"
            if lesson.timeline.count > 1 {
                let svg = SVGTimelineRenderer(title: lesson.title).render(Timeline(frames: lesson.timeline))
                // Inline: without the XML declaration, and with ids made unique per lesson.
                picture = "<figure class=\"timeline\">" + inline(svg, prefix: "l\(index)") + "<figcaption>What Workshop saw of the lesson's cluster, looking every 10 simulated seconds.</figcaption></figure>"
            }
            sections.append("""
                <section id="lesson-\(index + 1)">
                <h2><span class="badge \(css(lesson.outcome))">\(mark(lesson.outcome)) \(lesson.outcome.rawValue)</span> \(escape(lesson.title))</h2>
                <p class="muted"><code>\(escape(lesson.file))</code> · \(lesson.blocks.count) block\(lesson.blocks.count == 1 ? "" : "s") · \(format(lesson.simulatedSeconds)) s simulated · \(format(lesson.wallSeconds)) s wall</p>
                \(lesson.error.map { "<p class=\"error\">\(escape($0))</p>" } ?? "")
                <table>
                <thead><tr><th>#</th><th>line</th><th>command</th><th>outcome</th><th>simulated s</th><th>wall s</th></tr></thead>
                <tbody>
                \(rows.joined(separator: "\n"))
                </tbody>
                </table>
                \(picture)
                </section>
                """)
        }
        return """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>workshop test: \(report.failed ? "failed" : "passed")</title>
            <style>
            :root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #5a5a5a; --rule: #d9d9d9; --pass: #007a5a; --fail: #c0392b; --skip: #7a6a00; }
            @media (prefers-color-scheme: dark) { :root { --bg: #16191d; --fg: #ececec; --muted: #b0b0b0; --rule: #333a42; --pass: #4cc9a0; --fail: #ff7b6b; --skip: #e0c75a; } }
            body { background: var(--bg); color: var(--fg); font: 15px/1.45 Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1060px; padding: 0 1em; }
            .muted { color: var(--muted); } code, pre { font-family: Menlo, Consolas, monospace; font-size: 13px; }
            table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; } th, td { border-bottom: 1px solid var(--rule); padding: 4px 6px; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; } pre { white-space: pre-wrap; margin: 0.3em 0; }
            .badge { font-weight: bold; white-space: nowrap; } .badge.passed { color: var(--pass); } .badge.failed, .badge.timedOut { color: var(--fail); } .badge.skipped { color: var(--skip); }
            .error { color: var(--fail); font-weight: bold; } figure.timeline { margin: 1em 0; overflow-x: auto; } figure.timeline svg { max-width: 100%; height: auto; }
            section { border-top: 2px solid var(--rule); padding-top: 0.5em; margin-top: 1.5em; }
            </style>
            </head>
            <body>
            <h1>workshop test: \(report.failed ? "failed" : "passed")</h1>
            <p>\(report.lessons.count) lesson\(report.lessons.count == 1 ? "" : "s"), \(report.blocks.count) block\(report.blocks.count == 1 ? "" : "s"): \(totals). Backend \(escape(report.backend)), reading \(report.reading.rawValue), \(format(report.wallSeconds)) s.</p>
            \(sections.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// A mark that tells outcomes apart without colour.
    static func mark(_ outcome: TestOutcome) -> String {
        switch outcome {
        case .passed: return "✓"
        case .failed: return "✗"
        case .timedOut: return "⏱"
        case .skipped: return "–"
        }
    }

    static func format(_ seconds: Double) -> String { seconds.secondsText }

    /// `1 line`, `19 lines`.
    static func lineCount(_ text: String) -> String {
        let count = text.split(separator: "\n", omittingEmptySubsequences: false).count
        return "\(count) line\(count == 1 ? "" : "s")"
    }

    /// A CSS class name for an outcome (`timed out` has a space).
    static func css(_ outcome: TestOutcome) -> String { outcome == .timedOut ? "timedOut" : outcome.rawValue }

    /// An SVG document as an element inside the page: no XML declaration, ids and their references prefixed.
    static func inline(_ svg: String, prefix: String) -> String {
        var text = svg
        if let start = text.range(of: "<svg") { text = String(text[start.lowerBound...]) }
        for id in ["hatch", "dots", "cross", "lines"] {
            text = text.replacingOccurrences(of: "id=\"\(id)\"", with: "id=\"\(prefix)-\(id)\"")
                .replacingOccurrences(of: "url(#\(id))", with: "url(#\(prefix)-\(id))")
        }
        return text.replacingOccurrences(of: "id=\"t\"", with: "id=\"\(prefix)-t\"").replacingOccurrences(of: "id=\"d\"", with: "id=\"\(prefix)-d\"")
            .replacingOccurrences(of: "aria-labelledby=\"t d\"", with: "aria-labelledby=\"\(prefix)-t \(prefix)-d\"")
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }
}
