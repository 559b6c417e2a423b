/// Command extraction as a reader sees a block: `$ ` lines are commands, `\` continues them,
/// heredocs of any form carry their bodies, blank lines are just part of the output.
struct ReaderExtractor {
    struct Result {
        var steps: [Step]
        var script: String
        /// Heredocs whose delimiter line never comes (the body runs to the end of the block).
        var unterminatedHeredocs: [HeredocOpening]
        /// Lines starting with `$` but not `$ ` (a reader sees output; the harness runs them).
        var promptLikeLines: [Int]
    }

    static func extract(lines: [Substring], firstLine: Int) -> Result {
        var steps: [Step] = []
        var unterminated: [HeredocOpening] = []
        var promptLike: [Int] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.hasPrefix("$ ") || line == "$" else {
                if line.hasPrefix("$") { promptLike.append(firstLine + i) }
                if !steps.isEmpty { steps[steps.count - 1].sampleOutput.append(String(line)) }
                i += 1
                continue
            }
            let start = i
            var commandLines = [String(line.dropFirst(2))]
            var heredocs = HeredocScanner.delimiters(in: commandLines[0])
            while commandLines[commandLines.count - 1].hasSuffix("\\"), i + 1 < lines.count {
                i += 1
                commandLines.append(String(lines[i]))
                heredocs += HeredocScanner.delimiters(in: commandLines[commandLines.count - 1])
            }
            for heredoc in heredocs {
                var closed = false
                while i + 1 < lines.count {
                    i += 1
                    commandLines.append(String(lines[i]))
                    let candidate = heredoc.stripsTabs ? Substring(lines[i].drop { $0 == "\t" }) : lines[i]
                    if candidate == heredoc.delimiter {
                        closed = true
                        break
                    }
                }
                if !closed { unterminated.append(HeredocOpening(delimiter: heredoc.delimiter, line: firstLine + start)) }
            }
            steps.append(Step(number: steps.count + 1, line: firstLine + start, command: commandLines.joined(separator: "\n")))
            i += 1
        }
        for index in steps.indices {
            while let last = steps[index].sampleOutput.last, last.allSatisfy(\.isWhitespace) {
                steps[index].sampleOutput.removeLast()
            }
        }
        return Result(steps: steps, script: steps.map(\.command).joined(separator: "\n"),
                      unterminatedHeredocs: unterminated, promptLikeLines: promptLike)
    }
}

/// Finds here-document operators (`<<EOF`, `<<'EOF'`, `<<-EOF`, `<< "END"`) outside quotes.
enum HeredocScanner {
    struct Delimiter: Equatable {
        var delimiter: String
        var stripsTabs: Bool
        var quoted: Bool
    }

    static func delimiters(in line: String) -> [Delimiter] {
        guard line.containsBytes("<<") else { return [] }
        let chars = Array(line)
        var result: [Delimiter] = []
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil } else if c == "\\" && q == "\"" { i += 1 }
                i += 1
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                i += 1
            case "\\":
                i += 2
            case "#" where i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t":
                return result
            case "<" where i + 1 < chars.count && chars[i + 1] == "<" && (i + 2 >= chars.count || chars[i + 2] != "<"):
                i += 2
                var stripsTabs = false
                if i < chars.count, chars[i] == "-" {
                    stripsTabs = true
                    i += 1
                }
                while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 }
                var word = ""
                var quoted = false
                while i < chars.count, !" \t;|&<>()".contains(chars[i]) {
                    let d = chars[i]
                    if d == "'" || d == "\"" {
                        quoted = true
                        i += 1
                        while i < chars.count, chars[i] != d {
                            word.append(chars[i])
                            i += 1
                        }
                        i += 1
                    } else if d == "\\" {
                        quoted = true
                        i += 1
                        if i < chars.count { word.append(chars[i]) }
                        i += 1
                    } else {
                        word.append(d)
                        i += 1
                    }
                }
                if !word.isEmpty { result.append(Delimiter(delimiter: word, stripsTabs: stripsTabs, quoted: quoted)) }
            case "<" where i + 2 < chars.count && chars[i + 1] == "<" && chars[i + 2] == "<":
                i += 3
            default:
                i += 1
            }
        }
        return result
    }
}
