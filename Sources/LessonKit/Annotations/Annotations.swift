/// The test annotations of a code block's info string (` ```bash timeout=600 wait=30 `).
///
/// Defaults are the EKS Workshop harness's: timeout 120 s, wait 0, hook timeout 300 s.
public struct Annotations: Sendable, Equatable, Encodable {
    public static let defaultTimeout = 120
    public static let defaultHookTimeout = 300

    /// `test=false` drops the block from test runs (participants still run it).
    public var test = true
    /// Seconds the block may run.
    public var timeout = Annotations.defaultTimeout
    /// Seconds to pause after the block (and its after-hook).
    public var wait = 0
    /// `hook=NAME` runs `tests/hook-NAME.sh before|after` beside the lesson.
    public var hook: String? {
        get { rare?.hook }
        set { rare = Rare.holding(hook: newValue, unknown: unknown) }
    }
    /// Seconds each hook invocation may run; `nil` means the run's global hook timeout.
    public var hookTimeout: Int?
    /// Tolerates (does not require) a non-zero exit.
    public var expectError = false
    /// Runs the block text as is, with no `$ ` prompt parsing.
    public var raw = false
    /// Keys the harness does not know, kept as written.
    public var unknown: [String: String] {
        get { rare?.unknown ?? [:] }
        set { rare = Rare.holding(hook: hook, unknown: newValue) }
    }

    /// The two annotations that are text, which few blocks have: kept out of line, so that the
    /// usual block's annotations are a few integers, with nothing to count references to when
    /// the model copies them or lets them go.
    private final class Rare: Sendable {
        let hook: String?
        let unknown: [String: String]

        private init(hook: String?, unknown: [String: String]) {
            self.hook = hook
            self.unknown = unknown
        }

        /// A box for these values, or none when they are the defaults.
        static func holding(hook: String?, unknown: [String: String]) -> Rare? {
            hook == nil && unknown.isEmpty ? nil : Rare(hook: hook, unknown: unknown)
        }
    }

    private var rare: Rare?

    public init() {}

    public static func == (a: Annotations, b: Annotations) -> Bool {
        a.test == b.test && a.timeout == b.timeout && a.wait == b.wait && a.hookTimeout == b.hookTimeout
            && a.expectError == b.expectError && a.raw == b.raw
            && (a.rare === b.rare || (a.hook == b.hook && a.unknown == b.unknown))
    }

    public var effectiveHookTimeout: Int { hookTimeout ?? Annotations.defaultHookTimeout }

    private enum Keys: String, CodingKey { case test, timeout, wait, hook, hookTimeout, expectError, raw, unknown }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(test, forKey: .test)
        try c.encode(timeout, forKey: .timeout)
        try c.encode(wait, forKey: .wait)
        try c.encodeIfPresent(hook, forKey: .hook)
        try c.encode(effectiveHookTimeout, forKey: .hookTimeout)
        try c.encode(expectError, forKey: .expectError)
        try c.encode(raw, forKey: .raw)
        if !unknown.isEmpty { try c.encode(unknown, forKey: .unknown) }
    }
}
