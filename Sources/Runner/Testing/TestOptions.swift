import ClusterSim
import Foundation
import LessonKit

/// How `workshop test` runs.
public struct TestOptions: Sendable {
    public enum Backend: String, Sendable, CaseIterable {
        case sim, shell
    }

    public var reading: Reading = .markdownSh
    public var backend: Backend = .sim
    public var scenario: Scenario = .default
    public var scenarioSource = SessionRecorder.ScenarioSource()
    public var seed: UInt64 = 1
    /// Stop after the first lesson that fails.
    public var bail = false
    /// Lessons run in parallel, each with its own simulated cluster.
    public var jobs = 1
    /// Compare each command's output with the lesson's sample output (tolerantly).
    public var checkOutput = false
    /// Only these blocks (1-based) of each lesson, when set.
    public var onlyBlocks: Set<Int>?
    /// Write a transcript per lesson into this directory.
    public var recordDirectory: String?
    /// Hook timeout when a block does not set `hookTimeout` (the harness's `--hook-timeout`).
    public var hookTimeout = Annotations.defaultHookTimeout

    /// The workshop binary, linked into each simulated session's `bin/` so that the `aws`,
    /// `kubectl`, `eksctl` and `sleep` of its hooks reach that session's cluster; nil leaves hooks
    /// with whatever the PATH holds (a library caller that is not the workshop binary).
    public var clientExecutable: String?
    /// Watch each lesson's simulated cluster every 10 simulated seconds and keep the timeline's
    /// frames (the HTML report draws them).
    public var observeTimeline = false

    public init() {}
}

/// One lesson to test, with the suite hooks around it.
public struct PlannedLesson: Sendable {
    public var page: LessonTree.Page
    /// Directory of the lesson's suite, relative to the tree's root.
    public var suite: String
    /// Absolute path of the tree's root (hooks and lessons are found from it).
    public var root: String
    /// Suite hook scripts (absolute paths) whose suite starts with this lesson / ends after it.
    public var suiteHooksBefore: [String] = []
    public var suiteHooksAfter: [String] = []

    /// The lesson file's path: the root itself for a single-file tree, else root + page path.
    public var filePath: String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return root }
        return page.file.hasPrefix("/") ? page.file : root + "/" + page.file
    }
}

extension TestOptions {
    /// Lessons of the trees in harness order; `.notest` suites are kept (reported as skipped).
    public static func plan(_ trees: [LessonTree], glob: String? = nil) -> [PlannedLesson] {
        var planned: [PlannedLesson] = []
        for tree in trees {
            func walk(_ category: LessonTree.Category) {
                // As the harness: --glob matches a suite's directory; for convenience it may also
                // name a lesson file.
                let suiteMatches = glob.map { Glob.matches($0, category.path) } ?? true
                var lessons: [PlannedLesson] = []
                for page in category.pages where suiteMatches || glob.map({ Glob.matches($0, page.file) }) == true {
                    lessons.append(PlannedLesson(page: page, suite: category.path, root: tree.rootPath))
                }
                if let hook = category.suiteHook, !category.notest, !lessons.isEmpty {
                    let absolute = tree.rootPath + "/" + hook
                    lessons[0].suiteHooksBefore.append(absolute)
                    lessons[lessons.count - 1].suiteHooksAfter.append(absolute)
                }
                planned += lessons
                for child in category.children { walk(child) }
            }
            walk(tree.root)
        }
        return planned
    }
}

/// Glob patterns as the harness matches `--glob`: `*` within a path segment, `**` across, `{a,b}`.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        for alternative in expand(pattern) where match(Array(alternative), Array(path)) { return true }
        return false
    }

    static func expand(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else { return [pattern] }
        let head = pattern[..<open], tail = pattern[pattern.index(after: close)...]
        return pattern[pattern.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { expand(String(head) + $0 + tail) }
    }

    private static func match(_ p: [Character], _ s: [Character]) -> Bool {
        var memo = [Int: Bool]()
        func go(_ i: Int, _ j: Int) -> Bool {
            let key = i * (s.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if i == p.count {
                result = j == s.count
            } else if p[i] == "*" {
                let double = i + 1 < p.count && p[i + 1] == "*"
                let next = double ? i + 2 : i + 1
                var k = j
                var found = go(next, k)
                while !found && k < s.count && (double || s[k] != "/") {
                    k += 1
                    found = go(next, k)
                }
                // `a/**` also matches `a` itself.
                result = found || (double && next == p.count && i > 0 && p[i - 1] == "/" && j == s.count)
            } else if p[i] == "?" {
                result = j < s.count && s[j] != "/" && go(i + 1, j + 1)
            } else {
                result = j < s.count && p[i] == s[j] && go(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return go(0, 0)
    }
}
