/// A code block's text split into lines, with the cheap questions both readings ask of a line.
///
/// Lines are slices of the block's text, so a run of consecutive lines is itself one slice:
/// a command spanning several lines becomes a String with one copy, not a join.
struct BlockLines {
    /// The block's text without its final newline.
    let text: String
    let lines: [Substring]
    /// File line of `lines[0]`.
    let firstLine: Int

    init(text: String, firstLine: Int) {
        self.text = text
        lines = text.isEmpty ? [] : text.splitLines()
        self.firstLine = firstLine
    }

    var count: Int { lines.count }
    subscript(index: Int) -> Substring { lines[index] }

    /// Lines `first...last` as one slice of the text, the first line's opening two characters dropped.
    func command(from first: Int, through last: Int) -> Substring {
        text[lines[first].droppingPrompt().startIndex..<lines[last].endIndex]
    }
}

extension Substring {
    /// The line without its first two characters (`$ `), as the harness's `substring(2)` does for a
    /// prompt; bytes when they are plainly ASCII, characters otherwise.
    func droppingPrompt() -> Substring {
        let bytes = utf8
        var index = bytes.startIndex
        for _ in 0..<2 {
            guard index < bytes.endIndex else { return self[endIndex...] }
            guard bytes[index] < 0x80 else { return dropFirst(2) }
            bytes.formIndex(after: &index)
        }
        // A combining mark after the second character would make it part of that character.
        if index < bytes.endIndex, bytes[index] >= 0x80 { return dropFirst(2) }
        return self[index...]
    }

    /// `$ command` (or a lone `$`): a prompt as a reader sees it.
    var isReaderPrompt: Bool {
        let bytes = utf8
        guard bytes.first == UInt8(ascii: "$") else { return false }
        let second = bytes.index(after: bytes.startIndex)
        if second == bytes.endIndex { return true }
        guard bytes[second] == UInt8(ascii: " ") else { return false }
        // A combining mark right after the space makes it part of that character: not `$ ` to a reader.
        let third = bytes.index(after: second)
        return third == bytes.endIndex || bytes[third] < 0x80 || hasPrefix("$ ")
    }

    var startsWithDollar: Bool { utf8.first == UInt8(ascii: "$") }

    var endsWithBackslash: Bool { utf8.last == UInt8(ascii: "\\") }
}

extension StringProtocol {
    /// Empty or only whitespace (a sample output line a reader would not notice).
    var isBlankLine: Bool {
        // Most lines start with a visible ASCII character: no need to look at Characters.
        if let first = utf8.first, first > 0x20, first < 0x7F { return false }
        return allSatisfy(\.isWhitespace)
    }
}
