import CCmark
import CCmarkArena
import Foundation
import LessonKit

/// Issue goal: parse and lint 400 lessons (~1.3 MB) in ≤ 30 ms on one core, within 2× of cmark alone.
enum LessonParsingBenchmark {
    static func run() throws {
        let files = LessonCorpus.files()
        let bytes = files.reduce(0) { $0 + $1.text.utf8.count }
        let megabytes = Double(bytes) / 1_048_576

        // LessonKit starts from the same bytes, as a file read leaves them (it validates them; cmark does not).
        let inputs = files.map { (bytes: Array($0.text.utf8), path: $0.path) }
        let linter = Linter()
        var blocks = 0
        var findings = 0
        // The four are measured in turns, three rounds: their ratios are the goal.
        let medians = try Measure.alternatingMedians([
            {
                for file in files {
                    let root = file.text.withCString { cmark_parse_document($0, file.text.utf8.count, CMARK_OPT_DEFAULT) }
                    cmark_node_free(root)
                }
            },
            {
                // cmark as LessonKit runs it: the same parse, nodes allocated from one region per lesson.
                for file in files {
                    file.text.withCString { workshop_cmark_arena_free(workshop_cmark_arena_parse($0, file.text.utf8.count, CMARK_OPT_DEFAULT)) }
                }
            },
            {
                blocks = 0
                for input in inputs {
                    blocks += try LessonParser.parse(LessonSource.decode(input.bytes, file: input.path)).codeBlocks.count
                }
            },
            {
                findings = 0
                for input in inputs {
                    let lesson = try LessonParser.parse(LessonSource.decode(input.bytes, file: input.path))
                    findings += linter.lint(lesson).count
                }
            },
        ])
        let (cmarkOnly, cmarkInRegion, parseOnly, parseAndLint) = (medians[0], medians[1], medians[2], medians[3])

        let directory = NSTemporaryDirectory() + "workshop-bench-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in files {
            let path = directory + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.text.write(toFile: path, atomically: false, encoding: .utf8)
        }
        let treeFromDisk = try Measure.median {
            let tree = try LessonTree.load(path: directory)
            for page in tree.pages { if let lesson = page.lesson { _ = linter.lint(lesson) } }
        }

        print("lesson parsing: \(files.count) lessons, \(String(format: "%.2f", megabytes)) MB, \(blocks) code blocks, \(findings) lint findings")
        row("cmark alone (baseline)", cmarkOnly, files.count, megabytes)
        row("cmark, region allocator", cmarkInRegion, files.count, megabytes)
        row("LessonKit parse alone", parseOnly, files.count, megabytes)
        row("LessonKit parse + lint", parseAndLint, files.count, megabytes)
        row("tree from disk + lint", treeFromDisk, files.count, megabytes)
        print(String(format: "  ratio parse alone / cmark alone: %.2f×; parse+lint / cmark alone: %.2f×  (goal ≤ 2×: %@)",
                     parseOnly / cmarkOnly, parseAndLint / cmarkOnly, (parseAndLint / cmarkOnly <= 2 ? "met" : "NOT met") as NSString))
        print(String(format: "  against cmark with the region allocator LessonKit uses: parse alone %.2f×, parse+lint %.2f×",
                     parseOnly / cmarkInRegion, parseAndLint / cmarkInRegion))
        print("  goal ≤ 30 ms for the tree: \(treeFromDisk <= 0.030 ? "met" : "NOT met") (\(Measure.milliseconds(treeFromDisk)))")
    }

    private static func row(_ name: String, _ seconds: Double, _ count: Int, _ megabytes: Double) {
        print(String(format: "  %-28@ %9.2f ms  %9.0f lessons/s  %7.1f MB/s", name as NSString, seconds * 1000,
                     Double(count) / seconds, megabytes / seconds))
    }
}
