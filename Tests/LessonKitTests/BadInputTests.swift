import Foundation
import Testing
@testable import LessonKit

/// Every unreadable input gives one clear line naming the file and line — never a crash or hang.
@Suite struct BadInputTests {
    @Test func emptyFile() {
        #expect(throws: LessonReadError(file: "e.md", reason: .empty)) {
            try LessonSource.decode([], file: "e.md")
        }
        #expect(throws: LessonReadError(file: "e.md", reason: .empty)) {
            try LessonSource.decode(Array(" \n\n".utf8), file: "e.md")
        }
    }

    @Test func binaryFileNamesTheLineOfTheFirstNUL() {
        #expect(throws: LessonReadError(file: "b.md", line: 2, reason: .binary(offset: 8))) {
            try LessonSource.decode(Array("title\nab".utf8) + [0, 1, 2], file: "b.md")
        }
    }

    @Test func invalidUTF8NamesItsLine() {
        #expect(throws: LessonReadError(file: "u.md", line: 3, reason: .invalidUTF8(offset: 4))) {
            try LessonSource.decode(Array("a\nb\n".utf8) + [0xC3, 0x28], file: "u.md")
        }
        // An overlong encoding and a lone surrogate are invalid too.
        #expect(throws: LessonReadError.self) { try LessonSource.decode([0x41, 0xC0, 0xAF], file: "u.md") }
        #expect(throws: LessonReadError.self) { try LessonSource.decode([0xED, 0xA0, 0x80], file: "u.md") }
    }

    @Test func hugeFileIsRefusedBeforeReading() throws {
        let dir = ScratchDirectory()
        let path = dir.path + "/huge.md"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 100 * 1_048_576)  // sparse: 100 MB without writing it
        try handle.close()
        let started = Date()
        do {
            _ = try LessonParser.load(path: path, displayName: "huge.md")
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == .tooLarge(bytes: 100 * 1_048_576, limit: LessonSource.sizeLimit))
            #expect(error.description == "huge.md:1: error: the file is 100 MB, larger than the 8.0 MB a lesson may have; is this really a lesson?")
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    /// A file longer than its size said when it was opened (growing, or a /proc file that reports
    /// size 0) is read to its end, not cut at the size first reported.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status")))
    func fileLongerThanItsReportedSizeIsReadWhole() throws {
        let source = try LessonSource.read(path: "/proc/self/status")
        #expect(source.text.hasPrefix("Name:"))
        #expect(source.text.contains("\nPid:"))
    }

    @Test func missingFileAndDirectory() {
        #expect(throws: LessonReadError(file: "/no/such.md", reason: .notFound)) {
            try LessonParser.load(path: "/no/such.md")
        }
        #expect(throws: LessonReadError(file: "/tmp", reason: .isDirectory)) {
            try LessonParser.load(path: "/tmp")
        }
    }

    @Test func unterminatedFenceIsALintErrorWithItsLine() throws {
        let findings = try lint("---\ntitle: a\n---\n\n```bash\n$ echo hi\n")
        let finding = try #require(findings.first { $0.code == "unterminated-fence" })
        #expect(finding.severity == .error)
        #expect(finding.line == 5)
    }

    @Test func tenThousandBacktickFenceIsHandled() throws {
        let fence = String(repeating: "`", count: 10_000)
        let l = try lesson("---\ntitle: a\n---\n\n\(fence)bash\n$ echo hi\n\(fence)\n\ntext\n")
        #expect(l.codeBlocks.count == 1)
        #expect(l.codeBlocks[0].closed)
        let open = try lesson("---\ntitle: a\n---\n\n\(fence)\nnever closed\n")
        #expect(open.diagnostics.contains { $0.code == "unterminated-fence" && $0.message.count < 300 })
    }

    @Test func deeplyNestedListsDoNotExhaustTheStack() throws {
        // `- - - … item` nests one list per marker: 100,000 levels in 200 KB.
        let l = try lesson("---\ntitle: deep\n---\n\n" + String(repeating: "- ", count: 100_000) + "item\n")
        #expect(l.title == "deep")
        var quotes = "---\ntitle: q\n---\n\n" + String(repeating: ">", count: 100_000) + " deep\n"
        quotes += "\n```bash\n$ echo after\n```\n"
        let q = try lesson(quotes)
        #expect(q.codeBlocks.last?.reader.steps.first?.command == "echo after")
    }

    @Test func oneMegabyteLineIsFine() throws {
        let l = try lesson("---\ntitle: a\n---\n\n" + String(repeating: "word ", count: 200_000) + "\n")
        #expect(l.sections.count == 1)
    }

    @Test func crlfFilesReadLikeLFFiles() throws {
        let l = try lesson("---\r\ntitle: a\r\n---\r\n\r\n```bash\r\n$ echo hi\r\nhi\r\n```\r\n")
        #expect(l.title == "a")
        #expect(l.codeBlocks[0].reader.steps == [Step(number: 1, line: 6, command: "echo hi", sampleOutput: ["hi"])])
    }

    @Test func thousandsOfUnknownAnnotationsAreEachKeptAndWarnedOnce() throws {
        // Unknown keys were once gathered one by one into the annotations (each copy taking all
        // before it) and checked for repeats against a list: minutes for a block like this one.
        let keys = (0..<20_000).map { "k\($0)=v" }.joined(separator: " ")
        let l = try lesson("---\ntitle: a\n---\n\n```bash \(keys) k7=w\n$ echo hi\n```\n")
        let block = l.codeBlocks[0]
        #expect(block.reader.annotations.unknown.count == 20_000 && block.reader.annotations.unknown["k7"] == "w")
        #expect(block.markdownSh.annotations.unknown.count == 20_000 && block.markdownSh.annotations.unknown["k7"] == "w")
        #expect(l.diagnostics.filter { $0.code == "unknown-annotation" }.count == 20_001)
        #expect(l.diagnostics.filter { $0.code == "duplicate-annotation" }.map(\.message) == ["k7 is given more than once; the last one wins"])
    }
}
