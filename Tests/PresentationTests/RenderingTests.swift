import Testing
import LessonKit
@testable import Presentation

@Suite struct RenderingTests {
    private func parse(_ text: String) throws -> Lesson {
        try LessonParser.parse(LessonSource.decode(Array(text.utf8), file: "t.md"))
    }

    @Test func wrappingRespectsTheWidthAndIgnoresEscapes() {
        let style = TerminalStyle(enabled: true, width: 20)
        let lines = TextWrapper.wrap("one two three " + style.bold("four") + " five six seven", width: 20)
        #expect(lines.allSatisfy { TextWrapper.visibleWidth($0) <= 20 })
        #expect(lines.count == 2)
    }

    @Test func plainStyleEmitsNoEscapes() throws {
        let lesson = try parse("---\ntitle: T\n---\n\n**bold** `code`\n\n:::caution\n\nSlow.\n\n:::\n\n```bash timeout=60\n$ echo hi\nhi\n```\n")
        let text = LessonRenderer(style: TerminalStyle(enabled: false, width: 80)).render(lesson)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("bold code"))
        #expect(text.contains("┃ ⚠ CAUTION\n┃ Slow."))
        #expect(text.contains("▶ block 1 · line 13 · timeout=60\n$ echo hi\n  hi"))
    }

    @Test func colourWhenEnabled() throws {
        let lesson = try parse("---\ntitle: T\n---\n\ntext\n")
        #expect(LessonRenderer(style: TerminalStyle(enabled: true)).render(lesson).contains("\u{1B}[1mT\u{1B}[0m"))
    }

    @Test func noColorTurnsStylingOff() {
        #expect(!TerminalStyle.forStandardOutput(environment: ["NO_COLOR": "1", "TERM": "xterm"]).enabled)
    }

    @Test func markdownShReadingShowsWhyABlockDoesNotRun() throws {
        let lesson = try parse("---\ntitle: T\n---\n\n- item\n\n  ```bash\n  $ echo nested\n  ```\n")
        let text = LessonRenderer(style: TerminalStyle(enabled: false), reading: .markdownSh).render(lesson)
        #expect(text.contains("not run by markdown-sh: nested in a list item"))
    }
}
