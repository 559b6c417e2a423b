import JSON

/// asciicast v3 (asciinema 3): like v2, but a `term` object in the header, event times as intervals
/// since the previous event, and `#` comment lines.
public enum AsciicastV3: AsciicastFormat {
    public static let version = 3

    public static func decode(_ text: Substring, file: String) throws(TranscriptReadError) -> Asciicast {
        try EventLines.decode(text, file: file, version: 3, intervals: true) { header in
            guard let term = header["term"], let cols = term["cols"]?.number, let rows = term["rows"]?.number else { return nil }
            return AsciicastReader.header(header, width: cols, height: rows)
        }
    }
}
