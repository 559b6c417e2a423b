/// awscli v1's argument errors, byte for byte (including the version-2 notice it prints first).
enum AWSUsage {
    static let header = "usage: \rNote: AWS CLI version 2, the latest major version of the AWS CLI, is now stable and recommended for general use. For more information, see the AWS CLI version 2 installation instructions at: https://docs.aws.amazon.com/cli/latest/userguide/install-cliv2.html\n\nusage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n"

    /// Exit status of argument errors (argparse's).
    static let status: Int32 = 2

    static func missing(_ flags: [String]) -> String {
        header + "aws: error: the following arguments are required: \(flags.joined(separator: ", "))\n"
    }

    /// Unknown options are reported after parsing, with status 255.
    static func unknownOptions(_ options: [String]) -> String {
        header + "\nUnknown options: \(options.joined(separator: ", "))\n"
    }

    static func invalidChoice(argument: String, value: String, choices: [String]) -> String {
        var text = header + "aws: error: argument \(argument): Invalid choice, valid choices are:\n\n"
        var index = 0
        while index < choices.count {
            let left = choices[index].padding(toLength: max(40, choices[index].count), withPad: " ", startingAt: 0)
            if index + 1 < choices.count {
                let right = choices[index + 1].padding(toLength: max(40, choices[index + 1].count), withPad: " ", startingAt: 0)
                text += "\(left) | \(right)\n"
            } else {
                text += "\(left)\n"
            }
            index += 2
        }
        let close = closeMatches(value, choices)
        if !close.isEmpty {
            text += "\n\nInvalid choice: '\(value)', maybe you meant:\n\n" + close.map { "  * \($0)\n" }.joined()
        }
        return text
    }

    /// awscli's `get_close_matches(value, choices, cutoff=0.8)` (difflib: at most 3, best first).
    static func closeMatches(_ word: String, _ choices: [String]) -> [String] {
        let scored = choices.map { ($0, ratio(word, $0)) }.filter { $0.1 >= 0.8 }
        return scored.sorted { $0.1 > $1.1 }.prefix(3).map(\.0)
    }

    /// 2·M / T where M counts matching characters in longest-common-block order (SequenceMatcher).
    static func ratio(_ a: String, _ b: String) -> Double {
        let x = Array(a), y = Array(b)
        guard !x.isEmpty || !y.isEmpty else { return 1 }
        func matches(_ xs: ArraySlice<Character>, _ ys: ArraySlice<Character>) -> Int {
            guard !xs.isEmpty, !ys.isEmpty else { return 0 }
            var best = (length: 0, i: xs.startIndex, j: ys.startIndex)
            for i in xs.indices {
                for j in ys.indices {
                    var k = 0
                    while i + k < xs.endIndex, j + k < ys.endIndex, xs[i + k] == ys[j + k] { k += 1 }
                    if k > best.length { best = (k, i, j) }
                }
            }
            guard best.length > 0 else { return 0 }
            return best.length + matches(xs[xs.startIndex..<best.i], ys[ys.startIndex..<best.j])
                + matches(xs[(best.i + best.length)...], ys[(best.j + best.length)...])
        }
        return 2 * Double(matches(x[...], y[...])) / Double(x.count + y.count)
    }
}
