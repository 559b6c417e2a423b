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
    /// A `raw=true` block's whole text (it has no steps of its own to join).
    private var rawScript: Substring?

    public init(runs: Bool, skipReason: String? = nil, annotations: Annotations, steps: [Step], rawScript: Substring? = nil) {
        self.runs = runs
        self.skipReason = skipReason
        self.annotations = annotations
        self.steps = steps
        self.rawScript = rawScript
    }

    /// The text handed to bash: all steps' commands joined by newlines (or the raw block).
    /// Worked out when asked: most readers of a lesson never need it.
    public var script: String {
        rawScript.map(String.init) ?? steps.lazy.map(\.command).joined(separator: "\n")
    }

    private enum Keys: String, CodingKey { case runs, skipReason, annotations, steps, script }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(runs, forKey: .runs)
        try c.encodeIfPresent(skipReason, forKey: .skipReason)
        try c.encode(annotations, forKey: .annotations)
        try c.encode(steps, forKey: .steps)
        try c.encode(script, forKey: .script)
    }
}
