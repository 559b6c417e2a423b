/// Which rules decide what a code block runs.
public enum Reading: String, Sendable, CaseIterable, Encodable {
    /// What a person sees: nested fences count, blank lines don't end a block, any heredoc.
    case reader
    /// The EKS Workshop harness's exact rules (top-level `bash` fences, blank line stops, `<<EOF` only).
    case markdownSh = "markdown-sh"
}

/// A code block as one reading runs it.
public struct BlockReading: Sendable, Equatable, Encodable {
    /// Whether this reading runs the block at all.
    public var runs: Bool
    /// Why it does not run, when it does not.
    public var skipReason: String?
    public var annotations: Annotations
    public var steps: [Step]
    /// The text handed to bash: all steps' commands joined by newlines (or the raw block).
    public var script: String

    public init(runs: Bool, skipReason: String? = nil, annotations: Annotations, steps: [Step], script: String) {
        self.runs = runs
        self.skipReason = skipReason
        self.annotations = annotations
        self.steps = steps
        self.script = script
    }
}
