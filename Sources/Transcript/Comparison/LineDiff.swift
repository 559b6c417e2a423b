/// A readable difference between two texts, line by line, for verification reports.
public enum LineDiff {
    /// The first line that differs (1-based), or nil when the texts are equal.
    public static func firstDifference(_ expected: String, _ actual: String) -> Int? {
        guard expected != actual else { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
            return index + 1
        }
        return nil
    }

    /// A unified-style diff (`-` expected, `+` actual) around the first difference, at most
    /// `limit` lines, so a long watch output does not flood the terminal.
    public static func render(expected: String, actual: String, context: Int = 2, limit: Int = 24) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = firstDifference(expected, actual) else { return "" }
        // Longest common subsequence on a window from the first difference (bounded work).
        let start = max(0, first - 1)
        let windowA = Array(a[start..<min(a.count, start + 200)])
        let windowB = Array(b[start..<min(b.count, start + 200)])
        let n = windowA.count, m = windowB.count
        var table = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = windowA[i] == windowB[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [String] = []
        for line in a[max(0, start - context)..<start] { lines.append("  " + line) }
        var i = 0, j = 0, trailing = 0
        while (i < n || j < m) && lines.count < limit {
            if i < n, j < m, windowA[i] == windowB[j] {
                lines.append("  " + windowA[i])
                i += 1
                j += 1
                trailing += 1
                if trailing >= context && (i < n || j < m) && !hasChange(windowA, windowB, i, j) { break }
            } else if i < n && (j == m || table[i + 1][j] >= table[i][j + 1]) {
                lines.append("- " + windowA[i])
                i += 1
                trailing = 0
            } else {
                lines.append("+ " + windowB[j])
                j += 1
                trailing = 0
            }
        }
        if lines.count >= limit { lines.append("  …") }
        return lines.joined(separator: "\n")
    }

    private static func hasChange(_ a: [String], _ b: [String], _ i: Int, _ j: Int) -> Bool {
        Array(a[i...]) != Array(b[j...])
    }
}
