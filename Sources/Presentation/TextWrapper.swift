/// Greedy word wrapping of styled text (escape sequences take no columns).
enum TextWrapper {
    static func wrap(_ text: String, width: Int, indent: String = "", firstIndent: String? = nil) -> [String] {
        var lines: [String] = []
        var isFirst = true
        for hardLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let lead = isFirst ? (firstIndent ?? indent) : indent
            isFirst = false
            var current = lead
            var currentWidth = visibleWidth(lead)
            var empty = true
            for word in hardLine.split(separator: " ") {
                let w = visibleWidth(String(word))
                if !empty && currentWidth + 1 + w > width {
                    lines.append(current)
                    current = indent
                    currentWidth = visibleWidth(indent)
                    empty = true
                }
                if !empty {
                    current += " "
                    currentWidth += 1
                }
                current += word
                currentWidth += w
                empty = false
            }
            lines.append(current)
        }
        return lines
    }

    /// Columns a string occupies, ignoring ANSI escape sequences.
    static func visibleWidth(_ s: String) -> Int {
        var width = 0
        var inEscape = false
        for scalar in s.unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else if scalar.properties.generalCategory != .nonspacingMark {
                width += scalar.properties.isEmojiPresentation || isWide(scalar) ? 2 : 1
            }
        }
        return width
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v)
    }
}
