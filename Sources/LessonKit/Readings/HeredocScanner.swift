/// Finds here-document operators (`<<EOF`, `<<'EOF'`, `<<-EOF`, `<< "END"`) outside quotes.
enum HeredocScanner {
    struct Delimiter: Equatable {
        var delimiter: String
        var stripsTabs: Bool
        var quoted: Bool
    }

    static func delimiters(in line: some StringProtocol) -> [Delimiter] {
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
