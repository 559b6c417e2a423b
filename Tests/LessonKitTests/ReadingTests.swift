import Testing
@testable import LessonKit

@Suite struct ReadingTests {
    private let header = "---\ntitle: a\n---\n\n"

    @Test func stepsCarryCommandsContinuationsAndSampleOutput() throws {
        let l = try lesson(header + """
            ```bash
            # a comment before the first prompt
            $ aws eks describe-nodegroup --cluster-name $EKS_CLUSTER_NAME \\
                --nodegroup-name default
            {
              "nodegroup": {}
            }
            $ echo done
            done
            ```

            """)
        let steps = l.codeBlocks[0].reader.steps
        #expect(steps.count == 2)
        #expect(steps[0] == Step(number: 1, line: 7, command: "aws eks describe-nodegroup --cluster-name $EKS_CLUSTER_NAME \\\n    --nodegroup-name default",
                                 sampleOutput: ["{", "  \"nodegroup\": {}", "}"]))
        #expect(steps[1] == Step(number: 2, line: 12, command: "echo done", sampleOutput: ["done"]))
        #expect(l.codeBlocks[0].markdownSh.steps == steps)
    }

    @Test func blankLineEndsMarkdownShButNotTheReader() throws {
        let l = try lesson(header + "```bash\n$ echo one\none\n\n$ echo two\n```\n")
        let block = l.codeBlocks[0]
        #expect(block.reader.steps.map(\.command) == ["echo one", "echo two"])
        #expect(block.markdownSh.steps.map(\.command) == ["echo one"])
        #expect(block.markdownSh.script == "echo one")
        #expect(block.reader.script == "echo one\necho two")
    }

    @Test(arguments: ["<<'EOF'", "<< EOF", "<<-EOF", "<<\"END\"", "<<EOT"])
    func readerUnderstandsEveryHeredocForm(opener: String) throws {
        let delimiter = opener.contains("END") ? "END" : opener.contains("EOT") ? "EOT" : "EOF"
        let l = try lesson(header + "```bash\n$ cat \(opener) | kubectl apply -f -\nkind: Pod\n$notAPrompt: x\n\(delimiter)\npod/x created\n```\n")
        let step = try #require(l.codeBlocks[0].reader.steps.first)
        #expect(step.command == "cat \(opener) | kubectl apply -f -\nkind: Pod\n$notAPrompt: x\n\(delimiter)")
        #expect(step.sampleOutput == ["pod/x created"])
        // The harness only knows a literal <<EOF: it runs the first line and the rest is output.
        let harness = l.codeBlocks[0].markdownSh.steps
        #expect(harness.first?.command == "cat \(opener) | kubectl apply -f -")
    }

    @Test func markdownShHeredocQuirksAreKept() throws {
        let l = try lesson(header + "```bash\n$ cat <<EOF > x\n$HOME is here\nline with EOF inside\nmore\n```\n")
        let harness = l.codeBlocks[0].markdownSh
        // `$`-lines in the body lose two characters; the heredoc ends at the first line containing EOF.
        #expect(harness.steps[0].command == "cat <<EOF > x\nOME is here\nline with EOF inside")
        #expect(harness.steps[0].sampleOutput == ["more"])
    }

    @Test func dollarWithoutSpaceIsACommandOnlyToTheHarness() throws {
        let l = try lesson(header + "```bash\n$EKS_CLUSTER_NAME\n```\n")
        #expect(l.codeBlocks[0].reader.steps.isEmpty)
        #expect(l.codeBlocks[0].markdownSh.steps.first?.command == "KS_CLUSTER_NAME")
    }

    @Test func nestedFencesRunForReadersOnly() throws {
        let l = try lesson(header + "1. First\n\n   ```bash wait=30\n   $ kubectl get nodes\n   ```\n\n> ```bash\n> $ echo quoted\n> ```\n")
        #expect(l.codeBlocks.map(\.container) == [.list, .blockQuote])
        #expect(l.codeBlocks.allSatisfy { $0.reader.runs && !$0.markdownSh.runs })
        #expect(l.codeBlocks[0].reader.steps.first?.command == "kubectl get nodes")
        #expect(l.codeBlocks[0].reader.annotations.wait == 30)
        #expect(l.codeBlocks[0].markdownSh.skipReason == "nested in a list item")
    }

    @Test func fencesInsideAdmonitionsAreTopLevelForBoth() throws {
        let l = try lesson(header + ":::tip Before you start\n\n```bash timeout=600\n$ prepare-environment mng\n```\n\n:::\n")
        let block = l.codeBlocks[0]
        #expect(block.container == .admonition)
        #expect(block.reader.runs && block.markdownSh.runs)
        guard case .admonition(let admonition) = l.sections[0].blocks[0] else {
            Issue.record("expected an admonition")
            return
        }
        #expect(admonition.kind == "tip")
        #expect(admonition.title == "Before you start")
        #expect(admonition.closed)
        #expect(admonition.blocks == [.code(0)])
    }

    @Test func onlyBashRunsAndOnlyExactlyBash() throws {
        let l = try lesson(header + "```sh\n$ echo sh\n```\n\n```shell\n$ echo shell\n```\n\n```\n$ echo none\n```\n\n```bash \n$ echo bash\n```\n")
        #expect(l.codeBlocks.map(\.language) == ["sh", "shell", "", "bash"])
        #expect(l.codeBlocks.map(\.markdownSh.runs) == [false, false, false, true])
        #expect(l.codeBlocks.map(\.reader.runs) == [false, false, false, true])
    }

    @Test func testFalseIsSkippedByTheHarnessButReadersStillRunIt() throws {
        let l = try lesson(header + "```bash test=false\n$ kubectl get nodes --watch\n```\n")
        #expect(l.codeBlocks[0].reader.runs)
        #expect(!l.codeBlocks[0].markdownSh.runs)
        #expect(l.codeBlocks[0].markdownSh.skipReason == "test=false")
    }

    @Test func rawRunsTheWholeBlock() throws {
        let l = try lesson(header + "```bash raw=true\nset -x\n\necho $HOME\n```\n")
        #expect(l.codeBlocks[0].reader.steps.map(\.command) == ["set -x\n\necho $HOME"])
        #expect(l.codeBlocks[0].markdownSh.script == "set -x\n\necho $HOME")
    }

    @Test func commentOnlyBlocksAreDropped() throws {
        let l = try lesson(header + "```bash\n# nothing to run\n```\n")
        #expect(!l.codeBlocks[0].markdownSh.runs)
        #expect(!l.codeBlocks[0].reader.runs)
    }

    @Test func sectionsFollowHeadingsAndKeepProse() throws {
        let l = try lesson(header + "Intro **bold** and `code`.\n\n## First\n\n- a\n- b\n\n## Second\n\n:::caution\n\nCareful.\n\n:::\n")
        #expect(l.sections.map { $0.heading?.text } == [nil, "First", "Second"])
        guard case .paragraph(let inlines, _) = l.sections[0].blocks[0] else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(inlines.plainText == "Intro bold and code.")
        guard case .list(let list) = l.sections[1].blocks[0] else {
            Issue.record("expected a list")
            return
        }
        #expect(list.items.count == 2)
        guard case .admonition(let admonition) = l.sections[2].blocks[0] else {
            Issue.record("expected an admonition")
            return
        }
        #expect(admonition.kind == "caution")
        #expect(admonition.title == nil)
    }

    @Test func compactAdmonitionInOneParagraph() throws {
        let l = try lesson(header + ":::note Heads up\nThis is one paragraph.\n:::\n")
        guard case .admonition(let admonition) = l.sections[0].blocks[0] else {
            Issue.record("expected an admonition")
            return
        }
        #expect(admonition.title == "Heads up")
        guard case .paragraph(let inlines, _) = admonition.blocks[0] else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(inlines.plainText == "This is one paragraph.")
    }

    @Test func unclosedAdmonitionIsReported() throws {
        let l = try lesson(header + ":::warning\n\nNever closed.\n")
        #expect(l.diagnostics.contains { $0.code == "unclosed-admonition" && $0.line == 5 })
    }

    @Test func promptsFollowedByNonASCIIAreCutLikeTheHarness() throws {
        // The harness's substring(2) drops two characters, whatever they are; a reader's `$ ` is two bytes.
        let l = try lesson(header + "```bash\n$ écho\n$éx\n```\n")
        #expect(l.codeBlocks[0].reader.steps.map(\.command) == ["écho"])
        #expect(l.codeBlocks[0].markdownSh.steps.map(\.command) == ["écho", "x"])
        // A space carrying a combining mark is not the space of `$ `: a reader sees output there.
        let marked = try lesson(header + "```bash\n$ echo a\n$ \u{301}b\n```\n")
        #expect(marked.codeBlocks[0].reader.steps.map(\.command) == ["echo a"])
        #expect(marked.codeBlocks[0].reader.steps[0].sampleOutput == ["$ \u{301}b"])
    }

    @Test func trailingBlankOutputLinesAreDroppedForReadersEvenUnicodeOnes() throws {
        let l = try lesson(header + "```bash\n$ echo hi\nhi\n  \n\u{3000}\n```\n")
        #expect(l.codeBlocks[0].reader.steps[0].sampleOutput == ["hi"])
        // The harness keeps what it reads (it never reaches a truly empty line here).
        #expect(l.codeBlocks[0].markdownSh.steps[0].sampleOutput == ["hi", "  ", "\u{3000}"])
    }

    @Test func bothReadingsAgreeStepByStepWhereTheBlockIsPlain() throws {
        let l = try lesson(header + "```bash\n$ aws eks list-nodegroups --cluster-name $EKS_CLUSTER_NAME --output text\nNODEGROUPS default\n$ echo done\ndone\n```\n")
        let block = l.codeBlocks[0]
        #expect(block.reader.steps == block.markdownSh.steps)
        #expect(block.reader.script == "aws eks list-nodegroups --cluster-name $EKS_CLUSTER_NAME --output text\necho done")
    }

    @Test func contentNestedPastTheLimitIsFlattenedNotLost() throws {
        // Containers deeper than the nesting limit are flattened into their parent: every word stays.
        let depth = 60
        let l = try lesson(header + String(repeating: "> ", count: depth) + "deep **words** here\n")
        func text(_ blocks: [ContentBlock]) -> String {
            blocks.map { block in
                switch block {
                case .blockQuote(let inner, _): text(inner)
                case .paragraph(let inlines, _): inlines.plainText
                default: ""
                }
            }.joined()
        }
        #expect(text(l.sections[0].blocks) == "deep words here")
    }

    @Test func proseKeepsItsInlineStructureForRenderers() throws {
        // Nesting, links and images, breaks, inline HTML, and text that differs from the file
        // (an entity) all come back as the tree a terminal renderer styles.
        let l = try lesson(header + "A *b **c** d* [e `f`](https://x.example/) ![g](i.png) <br>\\\nh&amp;i\n\n## Head *ing*\n")
        guard case .paragraph(let prose, let line) = l.sections[0].blocks[0] else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(line == 5)
        #expect(prose.inlines == [
            .text("A "), .emphasis([.text("b "), .strong([.text("c")]), .text(" d")]), .text(" "),
            .link([.text("e "), .code("f")], destination: "https://x.example/"), .text(" "),
            .image(alt: [.text("g")], source: "i.png"), .text(" "), .html("<br>"), .lineBreak, .text("h&i"),
        ])
        #expect(prose.plainText == "A b c d e f g <br>\nh&i")
        #expect(l.sections[1].heading?.inlines == [.text("Head "), .emphasis([.text("ing")])])
        #expect(l.sections[1].heading?.text == "Head ing")
    }

    @Test func admonitionLinesInsideOneParagraphAreCutAway() throws {
        // `:::note Title` and `:::` written without blank lines around the text are one paragraph to
        // CommonMark: the opening and closing lines go, the text between stays, on its own line.
        let l = try lesson(header + "Before.\n\n:::note Mind *this*\nInside **here**.\n:::\n\nAfter.\n")
        guard case .admonition(let admonition) = l.sections[0].blocks[1] else {
            Issue.record("expected an admonition")
            return
        }
        #expect(admonition.kind == "note" && admonition.title == "Mind this" && admonition.closed)
        guard case .paragraph(let prose, let line) = admonition.blocks.first else {
            Issue.record("expected a paragraph in the admonition")
            return
        }
        #expect(prose.inlines == [.text("Inside "), .strong([.text("here")]), .text(".")])
        #expect(line == 8)
        guard case .paragraph(let after, _) = l.sections[0].blocks[2] else {
            Issue.record("expected the paragraph after the admonition")
            return
        }
        #expect(after.plainText == "After.")
    }

    @Test func frontMatterClosedWithDotsKeepsFileLineNumbers() throws {
        let l = try lesson("---\ntitle: dots\nweight: 3\n...\n\n```bash\n$ echo one\n```\n")
        #expect(l.frontMatter.weight == 3)
        #expect(l.codeBlocks[0].line == 6)
        #expect(l.codeBlocks[0].reader.steps[0].line == 7)
    }

    @Test func textIsWhatMarkdownMeansNotWhatTheFileSpells() throws {
        // Entities and escapes are decoded, code spans lose their padding, and a block in a list
        // loses the list's indentation: what a reader sees, whether or not the file spells it so.
        let l = try lesson(header + "Fish &amp; chips, 1 \\* 2, `` `tick` ``.\n\n- item\n\n  ```bash\n  $ echo in-list\n  out\n  ```\n"
                           + "\n```bash title=\"a\\\"b\"\n$ echo top\n```\n")
        guard case .paragraph(let inlines, _) = l.sections[0].blocks[0] else {
            Issue.record("expected a paragraph")
            return
        }
        #expect(inlines.plainText == "Fish & chips, 1 * 2, `tick`.")
        #expect(l.codeBlocks[0].literal == "$ echo in-list\nout\n")
        #expect(l.codeBlocks[0].reader.steps == [Step(number: 1, line: 10, command: "echo in-list", sampleOutput: ["out"])])
        #expect(l.codeBlocks[1].info == "bash title=\"a\"b\"")
        // The language and meta are cut from the unescaped info string.
        #expect(l.codeBlocks[1].language == "bash" && l.codeBlocks[1].isBash)
        #expect(l.codeBlocks[1].meta == "title=\"a\"b\"")
    }

    @Test func sampleOutputIsTheBlockLinesAfterTheCommand() throws {
        let l = try lesson(header + "```bash\n$ kubectl get nodes\nNAME   STATUS\n\nnode-1 Ready\n\n$ echo done\n```\n")
        let step = l.codeBlocks[0].reader.steps[0]
        // Blank lines inside the output stay; those at its end are not part of it.
        #expect(step.sampleOutputText == "NAME   STATUS\n\nnode-1 Ready")
        #expect(step.sampleOutput == ["NAME   STATUS", "", "node-1 Ready"])
        #expect(l.codeBlocks[0].reader.steps[1].sampleOutput.isEmpty)
    }

    @Test func admonitionKindsMayBeAnyWord() throws {
        let l = try lesson(header + ":::info-box_2 Über alles\n\nText.\n\n:::\n\n:::café\n\nMore.\n\n*:::*\n")
        guard case .admonition(let first) = l.sections[0].blocks[0], case .admonition(let second) = l.sections[0].blocks[1] else {
            Issue.record("expected two admonitions")
            return
        }
        #expect(first.kind == "info-box_2")
        #expect(first.title == "Über alles")
        #expect(second.kind == "café")
        // The closing line is read as text: `*:::*` shows as ::: and closes too.
        #expect(second.closed)
    }
}
