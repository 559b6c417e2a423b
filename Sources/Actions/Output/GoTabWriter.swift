/// Go's `text/tabwriter` (with the `RememberWidths` flag of the fork kubectl uses), which lays out
/// every kubectl table and `describe` page: text is cut into cells at tabs; a column is a run of
/// consecutive lines that have a tab-terminated cell at that position, padded to its widest cell
/// plus `padding` (at least `minWidth`); a line's last cell is never padded.
final class GoTabWriter {
    let minWidth: Int
    let padding: Int
    let rememberWidths: Bool
    /// Pad with tabs to multiples of `tabWidth` instead of spaces.
    let padWithTabs: Bool
    let tabWidth: Int
    private var maxWidths: [Int] = []

    init(minWidth: Int, padding: Int, rememberWidths: Bool = false, padWithTabs: Bool = false, tabWidth: Int = 8) {
        self.minWidth = minWidth
        self.padding = padding
        self.rememberWidths = rememberWidths
        self.padWithTabs = padWithTabs
        self.tabWidth = tabWidth
    }

    /// kubectl get's printer: minimum width 6, padding 3, widths remembered across flushes (`--watch`).
    static func kubectlTable() -> GoTabWriter { GoTabWriter(minWidth: 6, padding: 3, rememberWidths: true) }

    /// kubectl describe's `tabbedString`: minimum width 0, padding 2.
    static func describe() -> GoTabWriter { GoTabWriter(minWidth: 0, padding: 2) }

    /// eksctl's tables (kops' `tables.Table`): padding 1, padded with tabs to stops of 8.
    static func eksctl() -> GoTabWriter { GoTabWriter(minWidth: 0, padding: 1, padWithTabs: true) }

    /// Lays out `text` (lines separated by `\n`, cells by `\t`) as one flush of the writer.
    func format(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        // Text ending in a newline leaves one empty last "line" that is not printed.
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        var output = ""
        var widths: [Int] = []
        formatBlock(lines, 0, lines.count, &widths, &output)
        if !endsWithNewline, output.hasSuffix("\n") { output.removeLast() }
        return output
    }

    private func formatBlock(_ lines: [[String]], _ start: Int, _ end: Int, _ widths: inout [Int], _ output: inout String) {
        var line0 = start
        let column = widths.count
        var this = start
        while this < end {
            if column >= lines[this].count - 1 { this += 1; continue }
            write(lines, line0, this, widths, &output)
            line0 = this
            var width = minWidth
            while this < end, column < lines[this].count - 1 {
                width = max(width, lines[this][column].unicodeScalars.count + padding)
                this += 1
            }
            if rememberWidths {
                if maxWidths.count < widths.count { maxWidths += widths[maxWidths.count...] }
                if maxWidths.count == widths.count {
                    maxWidths.append(width)
                } else if maxWidths[widths.count] > width {
                    width = maxWidths[widths.count]
                } else {
                    maxWidths[widths.count] = width
                }
            }
            widths.append(width)
            formatBlock(lines, line0, this, &widths, &output)
            widths.removeLast()
            line0 = this
        }
        write(lines, line0, end, widths, &output)
    }

    private func write(_ lines: [[String]], _ start: Int, _ end: Int, _ widths: [Int], _ output: inout String) {
        guard start < end else { return }
        for line in lines[start..<end] {
            for (j, cell) in line.enumerated() {
                output += cell
                if j < widths.count && j < line.count - 1 {
                    let text = cell.unicodeScalars.count
                    if padWithTabs {
                        let stop = (widths[j] + tabWidth - 1) / tabWidth * tabWidth
                        output += String(repeating: "\t", count: (stop - text + tabWidth - 1) / tabWidth)
                    } else {
                        output += String(repeating: " ", count: max(0, widths[j] - text))
                    }
                }
            }
            output += "\n"
        }
    }
}
