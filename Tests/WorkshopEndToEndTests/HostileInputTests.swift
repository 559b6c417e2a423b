import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Lessons and transcripts written by strangers: every command answers each bad input with a
/// documented exit status and, when it refuses the input, one line naming the file and line —
/// within 2 seconds and 200 MB, never a crash or a hang.
///
/// Small bad inputs live in Tests/Fixtures/hostile; the big and special ones (100 MB, 1 GB sparse,
/// 100,000 nesting levels, FIFOs, link loops, unreadable files) are made here, in a temporary folder.
@Suite(.serialized) struct HostileInputTests {
    static let fixtures = WorkshopBinary.repositoryRoot + "/Tests/Fixtures/hostile"
    static let secondsLimit = 2.0
    static let megabytesLimit = 200.0
    /// 0 clean, 1 findings or failed tests, 65 unreadable input (EX_DATAERR).
    static let documentedStatuses: Set<Int32> = [0, 1, 65]

    /// A temporary folder holding the generated inputs, removed at the end.
    final class Generated {
        let root = NSTemporaryDirectory() + "workshop-hostile-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        func file(_ name: String, _ text: String) -> String {
            let path = root + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return path
        }

        /// A file of `megabytes` of lesson-shaped text, written in chunks.
        func big(_ name: String, megabytes: Int, line: String) -> String {
            let path = root + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = FileHandle(forWritingAtPath: path)!
            let chunk = Data(String(repeating: line, count: 1_048_576 / line.utf8.count + 1).utf8.prefix(1_048_576))
            for _ in 0..<megabytes { handle.write(chunk) }
            try? handle.close()
            return path
        }

        func sparse(_ name: String, gigabytes: Int) -> String {
            let path = root + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            truncate(path, off_t(gigabytes) << 30)
            return path
        }

        func fifo(_ name: String) -> String {
            let path = root + "/" + name
            mkfifo(path, 0o644)
            return path
        }
    }

    static func lessonCases(_ generated: Generated) -> [String] {
        let committed = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/lessons")) ?? []).sorted()
            .map { fixtures + "/lessons/" + $0 }
        let unreadable = generated.file("unreadable.md", "---\ntitle: Unreadable\n---\n\nText\n")
        chmod(unreadable, 0)
        let loopTree = generated.root + "/loop-tree"
        try? FileManager.default.createDirectory(atPath: loopTree + "/module", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: loopTree + "/module/page.md", contents: Data("# Page\n\n```bash\n$ echo hi\n```\n".utf8))
        symlink("..", loopTree + "/module/back")
        symlink("self.md", loopTree + "/self.md")
        symlink("missing.md", loopTree + "/dangling.md")
        return committed + [
            generated.big("hundred-megabytes.md", megabytes: 100, line: "Some prose about node groups.\n"),
            generated.sparse("one-gigabyte-sparse.md", gigabytes: 1),
            generated.file("one-megabyte-line.md", "---\ntitle: Long line\n---\n\n" + String(repeating: "word ", count: 209_716) + "\n"),
            generated.file("nested-lists.md", String(repeating: "- ", count: 100_000) + "deep\n"),
            generated.file("nested-quotes.md", String(repeating: ">", count: 100_000) + " deep\n"),
            generated.file("many-blocks.md", String(repeating: "```bash\n$ echo $X\n```\n\n", count: 20_000)),
            generated.fifo("fifo.md"),
            unreadable,
            loopTree,
        ]
    }

    static func transcriptCases(_ generated: Generated) -> [String] {
        let committed = ((try? FileManager.default.contentsOfDirectory(atPath: fixtures + "/transcripts")) ?? []).sorted()
            .map { fixtures + "/transcripts/" + $0 }
        let header = #"{"version": 2, "width": 80, "height": 24}"# + "\n"
        return committed + [
            generated.big("hundred-megabytes.cast", megabytes: 100, line: #"[0.5, "o", "output line\r\n"]"# + "\n"),
            generated.sparse("one-gigabyte-sparse.cast", gigabytes: 1),
            generated.file("one-megabyte-line.cast", header + #"[0.5, "o", ""# + String(repeating: "x", count: 1_048_576) + "\"]\n"),
            generated.file("deeply-nested-json.cast", header + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"),
            generated.file("deeply-nested-header.cast", String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000) + "\n"),
            generated.fifo("fifo.cast"),
        ]
    }

    /// Valid recordings whose step records beside them are hostile (what `verify` reads).
    static func sidecarCases(_ generated: Generated) -> [String] {
        let reference = WorkshopBinary.repositoryRoot + "/transcripts/upgrade-ami.cast"
        let referenceSteps = (try? String(contentsOfFile: WorkshopBinary.repositoryRoot + "/transcripts/upgrade-ami.steps.jsonl", encoding: .utf8)) ?? ""
        let sidecars: [(String, String)] = [
            ("empty", ""),
            ("not-json", "hello\nworld\n"),
            ("torn", String(referenceSteps.prefix(referenceSteps.utf8.count / 2))),
            ("wrong-types", #"{"type":"session","lessons":7,"seed":"x"}"# + "\n" + #"{"type":"step","step":"one","status":[]}"# + "\n"),
            ("deep", String(repeating: "[", count: 100_000) + "\n"),
            ("binary", String(decoding: (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 7) }, as: UTF8.self)),
            ("no-session", #"{"type":"end"}"# + "\n"),
        ]
        return sidecars.map { name, text in
            let cast = generated.root + "/sidecar-\(name).cast"
            try? FileManager.default.copyItem(atPath: reference, toPath: cast)
            _ = generated.file("sidecar-\(name).steps.jsonl", text)
            return cast
        }
    }

    @Test func lessonCommandsAnswerEveryBadLesson() throws {
        let generated = Generated()
        var problems: [String] = []
        for path in Self.lessonCases(generated) {
            // Every block runs in a fresh bash, as in the harness: a few milliseconds each, so the 20,000 of
            // many-blocks.md are a long run, not a hang. Reading the lesson (the hostile part) is the same
            // whichever blocks run, so test mode runs a few of them, first and last.
            for command in [["lessons"], ["show"], ["lint"], ["run", "--speed", "max"], ["test", "--only", "1,2,3,20000"]] {
                problems += check(command, path, directory: generated.root)
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func transcriptCommandsAnswerEveryBadTranscript() throws {
        let generated = Generated()
        var problems: [String] = []
        for path in Self.transcriptCases(generated) {
            for command in [["replay", "--cat"], ["replay", "--speed", "1000"], ["verify"]] {
                problems += check(command, path, directory: generated.root)
            }
        }
        for path in Self.sidecarCases(generated) {
            problems += check(["verify"], path, directory: generated.root)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// Runs one command on one input; returns what is wrong with the answer (nothing, if all is well).
    private func check(_ command: [String], _ path: String, directory: String) -> [String] {
        let result = Spawn.measure(WorkshopBinary.path, command + [path], directory: directory)
        let name = (path as NSString).lastPathComponent
        let what = "workshop \(command.joined(separator: " ")) \(name)"
        var problems: [String] = []
        if !Self.documentedStatuses.contains(result.status) {
            problems.append("\(what): exit \(result.status) (\(result.stderr.prefix(300)))")
        }
        if result.seconds > Self.secondsLimit { problems.append("\(what): took \(String(format: "%.2f", result.seconds)) s") }
        if result.peakMegabytes > Self.megabytesLimit { problems.append("\(what): used \(Int(result.peakMegabytes)) MB") }
        let lines = result.stderr.split(separator: "\n")
        if result.status == 65 {
            // The refusal: a line per bad file (lint adds its count line), each naming a file and a line;
            // one of them names the input itself (or a file inside it, for a tree or a sidecar).
            let errors = lines.filter { !$0.contains(" checked: ") }
            let stem = name.hasSuffix(".cast") ? String(name.dropLast(5)) : name
            let locates = errors.allSatisfy { $0.range(of: #":[0-9]+:"#, options: .regularExpression) != nil }
            let namesInput = errors.contains { $0.contains(name + ":") || $0.contains(name + "/") || $0.contains(stem + ".steps.jsonl:") }
            if errors.isEmpty || !locates || !namesInput || (errors.count > 1 && !FileManager.default.fileExists(atPath: path + "/.")) {
                problems.append("\(what): expected one line naming the file and line, got: \(result.stderr.prefix(400))")
            }
        }
        if result.stderr.contains("Fatal error") || result.stderr.contains("Stack dump") {
            problems.append("\(what): crashed: \(result.stderr.prefix(400))")
        }
        return problems
    }
}
