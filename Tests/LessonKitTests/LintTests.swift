import Testing
@testable import LessonKit

@Suite struct LintTests {
    private let header = "---\ntitle: a\n---\n\n"

    private func codes(_ text: String) throws -> [String] {
        try lint(text).map(\.code)
    }

    @Test func blankLineDroppingCommandsIsFlaggedAtTheBlankLine() throws {
        let findings = try lint(header + "```bash timeout=600\n$ aws eks create-fargate-profile\n\n$ aws eks wait fargate-profile-active\n```\n")
        let finding = try #require(findings.first { $0.code == "blank-line-drops-commands" })
        #expect(finding.line == 7)
        #expect(finding.message.contains("line 8: `aws eks wait fargate-profile-active`"))
    }

    @Test func commandCutShortByATrailingContinuationIsFlaggedAtItsLastLine() throws {
        let findings = try lint(header + "```bash\n$ aws eks update-nodegroup-version \\\n    --cluster-name x \\\n```\n\n```bash\n$ aws eks list-clusters \\\n```\n")
        let flagged = findings.filter { $0.code == "trailing-continuation" }
        #expect(flagged.map(\.line) == [7, 11])
        #expect(flagged.first?.message.contains("`aws eks update-nodegroup-version \\`") == true)
        #expect(flagged.last?.column == 25)
        // A continuation followed by its line, and an escaped backslash, are fine.
        #expect(try codes(header + "```bash\n$ echo a \\\n  b\n$ echo c\\\\\n```\n").isEmpty)
    }

    @Test func quotedHeredocIsFlagged() throws {
        let findings = try lint(header + "```bash\n$ cat << 'EOF' | kubectl apply -f -\nkind: Pod\nEOF\n```\n")
        let finding = try #require(findings.first { $0.code == "heredoc-not-recognised" })
        #expect(finding.line == 6)
        #expect(finding.message.contains("<<'EOF'"))
    }

    @Test func plainEOFHeredocIsClean() throws {
        #expect(try codes(header + "```bash\n$ cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\n```\n").isEmpty)
    }

    @Test func nestedBashFenceIsFlagged() throws {
        #expect(try codes(header + "1. Do it\n\n   ```bash\n   $ echo hi\n   ```\n") == ["nested-bash-fence"])
    }

    @Test func nonExportedVariableUsedInALaterBlock() throws {
        let findings = try lint(header + "```bash\n$ POD=$(kubectl get pods -o name)\n```\n\n```bash\n$ kubectl delete $POD\n```\n")
        let finding = try #require(findings.first { $0.code == "non-exported-variable" })
        #expect(finding.line == 10)
        #expect(finding.message.contains("set without export at line 6"))
    }

    @Test func exportedAndSameBlockVariablesAreFine() throws {
        #expect(try codes(header + "```bash\n$ export A=1\n$ B=2; echo $B\n```\n\n```bash\n$ echo $A ${B:-none}\n```\n").isEmpty)
    }

    @Test func repeatedLanguageWordAndUnknownAnnotation() throws {
        #expect(try codes(header + "```bash bash timeout=40 wait=25\n$ echo\n```\n") == ["repeated-language-word"])
    }

    @Test func annotationsTheHarnessReadsDifferently() throws {
        let findings = try lint(header + "```bash timeout=10s\n$ echo\n```\n")
        #expect(findings.map(\.code).contains("annotations-read-differently"))
        #expect(findings.map(\.code).contains("annotation-value"))
    }

    @Test func shellFenceWithPromptsIsNeverRun() throws {
        #expect(try codes(header + "```shell\n$ kubectl get pods\n```\n") == ["shell-fence-not-run"])
    }

    @Test func bashBlockWithoutPrompts() throws {
        #expect(try codes(header + "```bash\nkubectl get pods\n```\n") == ["no-commands"])
    }

    @Test func missingFrontMatter() throws {
        #expect(try codes("# Title\n\n```bash\n$ echo\n```\n") == ["missing-front-matter"])
    }

    @Test func invalidShellIsAnErrorAndLoopsAreBash() throws {
        let findings = try lint(header + "```bash\n$ echo 'oops\n$ for n in 1 2; do echo $n; done\n```\n")
        #expect(findings.map(\.code) == ["shell-syntax"], "a loop is bash, which runs it: no finding")
        #expect(findings[0].severity == .error)
        #expect(findings[0].line == 6)
    }

    @Test func promptWithoutSpace() throws {
        #expect(try codes(header + "```bash\n$ echo a\n$HOME\n```\n").contains("prompt-without-space"))
    }

    @Test func bundledLessonsLintClean() throws {
        let tree = try LessonTree.load(path: repositoryRoot + "/lessons")
        for page in tree.pages {
            let lesson = try #require(page.lesson)
            #expect(Linter().lint(lesson).isEmpty, "\(page.file): \(Linter().lint(lesson))")
            #expect(!lesson.runnableBlocks(.markdownSh).isEmpty || lesson.isIndexPage)
        }
    }

    @Test func bundledUpgradeLessonHasTheExpectedFlow() throws {
        let l = try LessonParser.load(path: repositoryRoot + "/lessons/mng-upgrades/upgrade-ami.md")
        let commands = l.runnableBlocks(.reader).flatMap(\.reader.steps).map(\.command)
        #expect(commands.contains { $0.hasPrefix("aws ssm get-parameter") })
        #expect(commands.contains { $0.hasPrefix("aws eks update-nodegroup-version") })
        let watch = try #require(l.codeBlocks.first { $0.reader.steps.first?.command == "kubectl get nodes --watch" })
        #expect(!watch.reader.annotations.test)
        let wait = try #require(l.codeBlocks.first { $0.reader.steps.first?.command.hasPrefix("aws eks wait nodegroup-active") == true })
        #expect(wait.reader.annotations.timeout == 1200)
        let eksctl = try LessonParser.load(path: repositoryRoot + "/lessons/mng-upgrades/upgrade-with-eksctl.md")
        #expect(eksctl.runnableBlocks(.markdownSh).flatMap(\.markdownSh.steps).contains { $0.command.hasPrefix("eksctl upgrade nodegroup") && $0.command.contains("--kubernetes-version") })
    }

    @Test(.enabled(if: sharedDirectory != nil, "../shared (the seed lessons) is not beside this checkout"))
    func seedLessonsParseInBothReadings() throws {
        let shared = try #require(sharedDirectory)
        let tree = try LessonTree.load(path: shared + "/seeds")
        #expect(tree.errors.isEmpty)
        let amis = try #require(tree.pages.first { $0.file == "upgrading-amis.md" }?.lesson)
        #expect(amis.runnableBlocks(.markdownSh).count == 3)  // the --watch block is test=false
        #expect(amis.runnableBlocks(.reader).count == 4)
        #expect(amis.codeBlocks.last?.reader.annotations.timeout == 1200)
    }
}
