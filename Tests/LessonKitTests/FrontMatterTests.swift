import Testing
@testable import LessonKit

@Suite struct FrontMatterTests {
    @Test func knownKeysAreReadAndOthersKeptInOrder() throws {
        let l = try lesson("---\ntitle: Upgrading AMIs\nsidebar_position: 60\ndescription: Roll nodes\nauthor: someone\ntags: [eks, mng]\n---\n\nBody\n")
        #expect(l.title == "Upgrading AMIs")
        #expect(l.frontMatter.sidebarPosition == 60)
        #expect(l.frontMatter.description == "Roll nodes")
        #expect(l.frontMatter.values.map(\.key) == ["title", "sidebar_position", "description", "author", "tags"])
        #expect(l.frontMatter["tags"] == .sequence([.string("eks"), .string("mng")]))
    }

    @Test func weightWinsOverSidebarPositionAndIsReadLikeParseInt() throws {
        #expect(try lesson("---\ntitle: a\nweight: 30\nsidebar_position: 5\n---\n").frontMatter.orderingWeight == 30)
        #expect(try lesson("---\ntitle: a\nsidebar_position: 5\n---\n").frontMatter.orderingWeight == 5)
        #expect(try lesson("---\ntitle: a\nweight: \"12abc\"\n---\n").frontMatter.orderingWeight == 12)
        #expect(try lesson("---\ntitle: a\n---\n").frontMatter.orderingWeight == 0)
    }

    @Test func bodyLineNumbersAreThoseOfTheFile() throws {
        let l = try lesson("---\ntitle: a\n---\n\n```bash\n$ echo hi\n```\n")
        #expect(l.codeBlocks[0].line == 5)
        #expect(l.codeBlocks[0].reader.steps[0].line == 6)
    }

    @Test func titleFallsBackToTheFirstHeading() throws {
        #expect(try lesson("# Hello there\n\ntext\n").title == "Hello there")
    }

    @Test func unterminatedFrontMatterIsAnError() {
        #expect(throws: LessonReadError(file: "lesson.md", line: 1, reason: .unterminatedFrontMatter)) {
            try lesson("---\ntitle: a\n\nBody\n")
        }
    }

    @Test func invalidYAMLNamesTheLine() throws {
        do {
            _ = try lesson("---\ntitle: a\nbad: [unclosed\n---\n")
            Issue.record("expected an error")
        } catch let error as LessonReadError {
            guard case .invalidFrontMatter = error.reason else {
                Issue.record("wrong reason \(error.reason)")
                return
            }
            #expect(error.line >= 3)
            #expect(error.description.hasPrefix("lesson.md:\(error.line): error: invalid YAML in front matter"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func frontMatterMustBeAMapping() {
        #expect(throws: LessonReadError(file: "lesson.md", line: 2, reason: .frontMatterNotAMapping)) {
            try lesson("---\n- a\n- b\n---\n")
        }
    }

    @Test func aliasBombsAreRefusedQuickly() {
        let bomb = """
            ---
            a: &a ["x","x","x","x","x","x","x","x","x"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            ---

            """
        #expect(throws: LessonReadError(file: "lesson.md", line: 2, reason: .frontMatterTooComplex(limit: FrontMatter.valueLimit))) {
            try lesson(bomb)
        }
    }
}

@Suite struct ScalarTypingTests {
    @Test(arguments: [
        ("60", YAMLValue.int(60)), ("-3", .int(-3)), ("0x1F", .int(31)), ("010", .int(8)), ("1_000", .int(1000)),
        ("1.5", .double(1.5)), ("1e3", .double(1000)), ("true", .bool(true)), ("no", .bool(false)), ("~", .null),
        ("null", .null), ("Upgrading AMIs", .string("Upgrading AMIs")), ("1.33", .double(1.33)), ("v1.2", .string("v1.2")),
        ("1.2.3", .string("1.2.3")), ("12abc", .string("12abc")),
    ])
    func plainScalarsAreTypedLikeYAML(text: String, value: YAMLValue) {
        #expect(FrontMatter.scalarValue(text) == value)
    }

    @Test func quotedScalarsStayStrings() throws {
        let l = try lesson("---\ntitle: \"60\"\nsidebar_position: '7'\nflag: \"true\"\n---\n")
        #expect(l.frontMatter["title"] == .string("60"))
        #expect(l.frontMatter["sidebar_position"] == .string("7"))
        #expect(l.frontMatter.orderingWeight == 7)
        #expect(l.frontMatter["flag"] == .string("true"))
    }
}

/// The fast path for flat front matter must read exactly what YAML reads, and leave the rest to YAML.
@Suite struct SimpleFrontMatterTests {
    static let lines = [
        "title: Upgrading AMIs", "title: \"Quoted: with a colon\"", "title: 'single quoted'", "sidebar_position: 60",
        "weight: -3", "weight: 0x1F", "weight: 017", "weight: 1_000", "ratio: 1.5e3", "flag: yes", "flag: Off", "empty:",
        "nothing: ~", "nothing: null", "description: Roll nodes, one by one [safely]", "url: https://example.com/a?b=c",
        "title: Ünïcödé 🚀 text", "title: He said \"hi\"", "title: it's fine", "x-key_2: v", "title: trailing   ",
        "version: 1.33", "version: 1.", "neg: -.inf", "date: 2024-01-02",
        // A combining mark right after the opening quote belongs to the value, not to the quote.
        "title: \"\u{301}accent first\"", "title: '\u{301}accent first'", "title: null-ish", "title: Yes please",
        // Lines the fast path must hand to YAML:
        "title: a: b", "title: value # comment", "tags: [eks, mng]", "title: \"esc\\\"aped\"", "title: 'it''s'",
        "  indented: 1", "# comment", "title: &anchor v", "title: *alias", "title: |", "- item", "title:\tTab",
        "title: ends with colon:", "? complex", "title: @at", "key : spaced",
    ]

    @Test func agreesWithYAMLOnEveryLineItAccepts() throws {
        var accepted = 0
        for line in Self.lines {
            guard let fast = SimpleFrontMatter.parse(line[...]) else { continue }
            accepted += 1
            let yaml = try FrontMatter.parseWithYams(yaml: line, file: "f.md")
            #expect(YAMLValue.mapping(fast) == YAMLValue.mapping(yaml), "\(line)")
        }
        #expect(accepted >= 20)
    }

    @Test func leavesAnythingStructuredToYAML() {
        for line in ["title: a: b", "title: value # comment", "tags: [eks, mng]", "title: \"esc\\\"aped\"", "title: 'it''s'",
                     "  indented: 1", "# comment", "title: &anchor v", "title: |", "- item", "title:\tTab", "key : spaced",
                     "title: a\ntitle: b"] {
            #expect(SimpleFrontMatter.parse(line[...]) == nil, "\(line)")
        }
    }

    @Test func aWholeFlatFrontMatterIsReadInOrder() throws {
        let text = "title: Upgrade\nsidebar_position: 4\n\ndescription: \"Roll: nodes\"\n"
        let fast = try #require(SimpleFrontMatter.parse(text[...]))
        #expect(fast.map(\.key) == ["title", "sidebar_position", "description"])
        #expect(YAMLValue.mapping(fast) == YAMLValue.mapping(try FrontMatter.parseWithYams(yaml: text, file: "f.md")))
    }
}
