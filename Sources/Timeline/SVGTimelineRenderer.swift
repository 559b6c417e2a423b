import ClusterObservation

/// Draws a ``Timeline`` as a self-contained SVG: one row per node (grouped by zone), time across,
/// each node's states as coloured bars that also differ in pattern (readable without colour), the
/// four phases shaded behind with their names, the Auto Scaling group's desired size as a line,
/// refused evictions marked with the budget's name, and the result. Text is real text; colours
/// follow the viewer's light or dark theme.
public struct SVGTimelineRenderer: Sendable {
    public var title: String
    public var width = 1000

    public init(title: String) {
        self.title = title
    }

    /// Left column (zone and node names) and the plot's horizontal extent.
    static let labelWidth = 210, plotLeft = 220, rightMargin = 40

    /// Row height for `count` node rows: roomy for a few nodes, down to 3 px for 450.
    public static func rowHeight(rows count: Int) -> Int {
        count <= 30 ? 16 : max(3, min(16, 720 / max(1, count)))
    }

    public static let stateStyles: [(state: TimelineFrame.NodeState, label: String, colour: String, pattern: String?)] = [
        (.launching, "launching (not Ready)", "#56B4E9", "hatch"),
        (.ready, "Ready", "#009E73", nil),
        (.cordoned, "cordoned, tainted", "#E69F00", "dots"),
        (.draining, "draining (pods evicted)", "#D55E00", "cross"),
        (.terminating, "terminating", "#999999", "lines"),
    ]

    static let phaseTints = ["#88CCEE", "#DDCC77", "#CC6677", "#AA4499"]

    public func render(_ timeline: Timeline) -> String {
        let rowHeight = Self.rowHeight(rows: timeline.rows.count)
        let zoneHeight = 16
        let plotWidth = width - Self.plotLeft - Self.rightMargin
        let duration = max(1, timeline.end - timeline.start)
        func x(_ time: Double) -> Double { Double(Self.plotLeft) + (time - timeline.start) / duration * Double(plotWidth) }

        var body: [String] = []
        var y = 0
        // Title and result.
        body.append(#"<text class="title" x="16" y="26">\#(Self.escape(title))</text>"#)
        let outcome = timeline.endings.map { ending in
            "\(ending.subject): \(ending.status)\(ending.code.map { " (\($0))" } ?? "") after \(Self.duration(ending.time - timeline.start))"
        }
        body.append(#"<text class="muted" x="16" y="46">\#(Self.escape(outcome.isEmpty ? "\(timeline.rows.count) nodes over \(Self.duration(duration)); no update ended in this window" : outcome.joined(separator: " · ")))</text>"#)
        y = 58
        // Legend: colour and pattern, with words.
        var legendX = 16
        for style in Self.stateStyles {
            body.append(Self.bar(x: Double(legendX), y: y, width: 22, height: 12, state: style.state))
            body.append(#"<text class="small" x="\#(legendX + 27)" y="\#(y + 10)">\#(style.label)</text>"#)
            legendX += 36 + style.label.count * 6
        }
        body.append(#"<path d="M\#(legendX + 6) \#(y + 1) l6 5 l-6 5 l-6 -5 z" class="refusal"/><text class="small" x="\#(legendX + 17)" y="\#(y + 10)">eviction refused (budget)</text>"#)
        y += 26

        // The Auto Scaling group's desired size, as a step line.
        let stripHeight = 56
        let maxDesired = max(1, timeline.desired.values.flatMap { $0.map(\.value) }.max() ?? 1)
        body.append(#"<text class="small" x="16" y="\#(y + 14)">Auto Scaling group</text><text class="small" x="16" y="\#(y + 28)">desired size</text>"#)
        body.append(#"<rect x="\#(Self.plotLeft)" y="\#(y)" width="\#(plotWidth)" height="\#(stripHeight)" class="strip"/>"#)
        for (index, group) in timeline.desired.keys.sorted().enumerated() {
            guard let points = timeline.desired[group], let firstPoint = points.first else { continue }
            func py(_ value: Int) -> Double { Double(y + stripHeight - 6) - Double(value) / Double(maxDesired) * Double(stripHeight - 14) }
            var d = "M\(Self.n(x(max(firstPoint.time, timeline.start)))) \(Self.n(py(firstPoint.value)))"
            for point in points.dropFirst() { d += " H\(Self.n(x(point.time))) V\(Self.n(py(point.value)))" }
            d += " H\(Self.n(x(timeline.end)))"
            body.append(#"<path d="\#(d)" class="desired\#(index % 2 == 1 ? " second" : "")"><title>desired size of \#(Self.escape(group))'s group</title></path>"#)
            var lastLabel = -100.0
            for point in points {
                let px = x(max(point.time, timeline.start))
                guard px - lastLabel > 22 else { continue }
                lastLabel = px
                body.append(#"<text class="small value" x="\#(Self.n(px + 3))" y="\#(Self.n(py(point.value) - 3))">\#(point.value)</text>"#)
            }
        }
        y += stripHeight + 8

        // Phase names above the rows, on two lines when phases are close.
        let phaseLabelY = y + 12
        y += 30
        let rowsTop = y
        var rowLines: [String] = []
        var rowY: [String: Int] = [:]
        var index = 0
        for (zone, rows) in timeline.zones {
            rowLines.append(#"<rect x="0" y="\#(y)" width="\#(width)" height="\#(zoneHeight)" class="zone"/><text class="zonename" x="16" y="\#(y + 12)">\#(Self.escape(zone.isEmpty ? "(no zone)" : zone)) · \#(rows.count) node\#(rows.count == 1 ? "" : "s")</text>"#)
            y += zoneHeight
            for row in rows {
                rowY[row.name] = y
                // Zebra and the gutter: one mark per row, alternating, so rows can be told (and counted) apart.
                rowLines.append(#"<rect x="0" y="\#(y)" width="\#(width)" height="\#(rowHeight)" class="\#(index % 2 == 0 ? "even" : "odd")"/><rect x="2" y="\#(y)" width="6" height="\#(rowHeight)" class="gutter\#(index % 2)"/>"#)
                var cells: [String] = []
                for span in row.spans {
                    let left = x(span.start), right = max(x(span.end), left + 1)
                    cells.append(Self.bar(x: left, y: y + (rowHeight > 6 ? 2 : 0), width: right - left, height: rowHeight > 6 ? rowHeight - 4 : rowHeight,
                                          state: span.state, title: "\(row.name): \(span.state.rawValue) \(Self.duration(span.start - timeline.start))–\(Self.duration(span.end - timeline.start))"))
                }
                rowLines.append(#"<g class="node" data-node="\#(Self.escape(row.name))">\#(cells.joined())</g>"#)
                if rowHeight >= 10 {
                    rowLines.append(#"<text class="nodename" x="14" y="\#(y + rowHeight - 4)">\#(Self.escape(Self.short(row.name)))</text>"#)
                }
                y += rowHeight
                index += 1
            }
        }
        let rowsBottom = y
        // Phases shaded behind the rows (drawn first), named above them.
        var shading: [String] = []
        var labelled: [(x: Double, line: Int, text: String)] = []
        for span in timeline.phases {
            let left = x(span.start), right = max(x(span.end), left + 1)
            shading.append(#"<rect x="\#(Self.n(left))" y="\#(rowsTop)" width="\#(Self.n(right - left))" height="\#(rowsBottom - rowsTop)" fill="\#(Self.phaseTints[span.phase.number - 1])" class="phase"><title>phase \#(span.phase.number)/4, \#(span.phase.rawValue) (\#(Self.escape(span.nodegroup)))</title></rect>"#)
            shading.append(#"<line x1="\#(Self.n(left))" y1="\#(rowsTop - 28)" x2="\#(Self.n(left))" y2="\#(rowsBottom)" class="phaseedge"/>"#)
            if !labelled.contains(where: { abs($0.x - left) < 1 && $0.text == span.phase.rawValue }) {
                // A label close to the previous one goes on the other line.
                let crowded = labelled.last.map { left - $0.x < 80 } ?? false
                let line = crowded ? (labelled.last!.line == phaseLabelY ? phaseLabelY + 12 : phaseLabelY) : phaseLabelY
                labelled.append((left, line, span.phase.rawValue))
                let labelX = min(left + 3, Double(width - 75))
                shading.append(#"<text class="small phasename" x="\#(Self.n(labelX))" y="\#(line)">\#(span.phase.number) \#(span.phase.rawValue)</text>"#)
            }
        }
        // Refused evictions on their node's row; results as a line across.
        var marks: [String] = []
        for mark in timeline.refusals {
            let my = Double(rowY.first { $0.key == mark.node || $0.key.hasPrefix(mark.node + ".") }?.value ?? rowsTop) + Double(rowHeight) / 2
            let mx = x(mark.time)
            marks.append(#"<path d="M\#(Self.n(mx)) \#(Self.n(my - 6)) l6 6 l-6 6 l-6 -6 z" class="refusal"><title>eviction refused: PodDisruptionBudget \#(Self.escape(mark.budget)) on \#(Self.escape(mark.node))</title></path>"#)
            marks.append(#"<text class="small label" x="\#(Self.n(mx + 9))" y="\#(Self.n(my + 4))">PDB \#(Self.escape(mark.budget))</text>"#)
        }
        for ending in timeline.endings {
            let ex = x(ending.time)
            marks.append(#"<line x1="\#(Self.n(ex))" y1="\#(rowsTop - 16)" x2="\#(Self.n(ex))" y2="\#(rowsBottom)" class="ending\#(ending.status == "Successful" ? "" : " failed")"/>"#)
            marks.append(#"<text class="small label" x="\#(Self.n(min(ex, Double(width - 130))))" y="\#(rowsBottom + 14)" text-anchor="start">\#(Self.escape(ending.status + (ending.code.map { ": " + $0 } ?? "")))</text>"#)
        }
        // Time axis.
        y = rowsBottom + 22
        var axis: [String] = [#"<line x1="\#(Self.plotLeft)" y1="\#(y)" x2="\#(Self.plotLeft + plotWidth)" y2="\#(y)" class="axis"/>"#]
        let step = [30.0, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400].first { duration / $0 <= 10 } ?? 28_800
        var tick = 0.0
        while tick <= duration + 0.001 {
            let tx = x(timeline.start + tick)
            axis.append(#"<line x1="\#(Self.n(tx))" y1="\#(y)" x2="\#(Self.n(tx))" y2="\#(y + 5)" class="axis"/><text class="small" x="\#(Self.n(tx))" y="\#(y + 17)" text-anchor="middle">\#(Self.duration(tick))</text>"#)
            tick += step
        }
        axis.append(#"<text class="small muted" x="16" y="\#(y + 17)">time since the first change</text>"#)
        let height = y + 30

        let description = "Upgrade timeline: \(timeline.rows.count) nodes, \(outcome.isEmpty ? "no update ended" : outcome.joined(separator: "; "))"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" role="img" aria-labelledby="t d" font-family="Helvetica, Arial, sans-serif">
            <title id="t">\(Self.escape(title))</title>
            <desc id="d">\(Self.escape(description))</desc>
            <style>
            svg { --bg: #ffffff; --fg: #1b1b1b; --muted: #5a5a5a; --odd: #f1f3f5; --zone: #dde7f0; --strip: #f7f7f7; --line: #1b1b1b; }
            @media (prefers-color-scheme: dark) { svg { --bg: #16191d; --fg: #ececec; --muted: #b0b0b0; --odd: #1f2429; --zone: #24374a; --strip: #1d2126; --line: #ececec; } }
            .background { fill: var(--bg); } text { fill: var(--fg); } .title { font-size: 18px; font-weight: bold; }
            .muted { fill: var(--muted); font-size: 13px; } .small { font-size: 11px; } .nodename { font-size: 10px; font-family: Menlo, Consolas, monospace; }
            .zonename { font-size: 11px; font-weight: bold; } .even { fill: var(--bg); } .odd { fill: var(--odd); } .zone { fill: var(--zone); }
            .gutter0 { fill: #4477AA; } .gutter1 { fill: #AA3377; } .strip { fill: var(--strip); }
            .desired { fill: none; stroke: var(--line); stroke-width: 2; } .desired.second { stroke-dasharray: 5 3; }
            .phase { opacity: 0.28; } .phaseedge { stroke: var(--muted); stroke-dasharray: 2 3; } .phasename { font-weight: bold; }
            .refusal { fill: #F0E442; stroke: #000000; stroke-width: 1.2; } .label { font-weight: bold; }
            .ending { stroke: #009E73; stroke-width: 2; } .ending.failed { stroke: #D55E00; stroke-dasharray: 6 3; } .axis { stroke: var(--muted); }
            </style>
            <defs>
            <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="6" fill="#ffffff" fill-opacity="0.7"/></pattern>
            <pattern id="dots" width="6" height="6" patternUnits="userSpaceOnUse"><circle cx="3" cy="3" r="1.3" fill="#000000" fill-opacity="0.55"/></pattern>
            <pattern id="cross" width="6" height="6" patternUnits="userSpaceOnUse"><path d="M0 0 L6 6 M6 0 L0 6" stroke="#ffffff" stroke-opacity="0.8" stroke-width="1"/></pattern>
            <pattern id="lines" width="6" height="4" patternUnits="userSpaceOnUse"><rect width="6" height="1.5" fill="#000000" fill-opacity="0.45"/></pattern>
            </defs>
            <rect class="background" x="0" y="0" width="\(width)" height="\(height)"/>
            \(body.joined(separator: "\n"))
            \(rowLines.joined(separator: "\n"))
            \(shading.joined(separator: "\n"))
            \(marks.joined(separator: "\n"))
            \(axis.joined(separator: "\n"))
            </svg>

            """
    }

    /// A state's bar: its colour, then its pattern over it.
    static func bar(x: Double, y: Int, width: Double, height: Int, state: TimelineFrame.NodeState, title: String? = nil) -> String {
        guard let style = stateStyles.first(where: { $0.state == state }) else { return "" }
        let tip = title.map { "<title>\(escape($0))</title>" } ?? ""
        var text = #"<rect x="\#(n(x))" y="\#(y)" width="\#(n(width))" height="\#(height)" fill="\#(style.colour)" class="state \#(state.rawValue)">\#(tip)</rect>"#
        if let pattern = style.pattern {
            text += #"<rect x="\#(n(x))" y="\#(y)" width="\#(n(width))" height="\#(height)" fill="url(#\#(pattern))"/>"#
        }
        return text
    }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    static func short(_ name: String) -> String { NodeView.short(name) }

    /// `0m`, `4m30s`, `1h05m`.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded()))
        let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60)
        if h > 0 { return m < 10 ? "\(h)h0\(m)m" : "\(h)h\(m)m" }
        return s == 0 ? "\(m)m" : "\(m)m\(s)s"
    }
}
