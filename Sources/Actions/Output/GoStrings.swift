extension String {
    /// Go's `strings.TrimSpace`.
    var trimmingGoSpace: String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
