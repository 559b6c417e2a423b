import Foundation
import Testing

/// `workshop lessons`, `show` and `lint` as a user runs them.
@Suite struct LessonCommandsTests {
    @Test func lessonsListsTheBundledTreeInOrder() throws {
        let result = try WorkshopBinary.run(["lessons"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let ami = try #require(lines.firstIndex { $0.contains("mng-upgrades/upgrade-ami.md") })
        let eksctl = try #require(lines.firstIndex { $0.contains("mng-upgrades/upgrade-with-eksctl.md") })
        #expect(ami < eksctl)
        #expect(lines[ami].contains("Upgrade a node group to the latest AMI"))
        #expect(lines[ami].contains("1 test=false"))
        #expect(lines.last?.hasPrefix("11 lessons") == true)
    }

    @Test func lessonsJSONIsTheModel() throws {
        let result = try WorkshopBinary.run(["lessons", "lessons", "--format", "json", "--reading", "markdown-sh"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["reading"] as? String == "markdown-sh")
        let categories = try #require(json["categories"] as? [String: Any])
        let children = try #require(categories["children"] as? [[String: Any]])
        let pages = try #require(children.first?["pages"] as? [[String: Any]])
        let ami = try #require(pages.first { ($0["file"] as? String) == "mng-upgrades/upgrade-ami.md" })
        let lesson = try #require(ami["lesson"] as? [String: Any])
        let blocks = try #require(lesson["codeBlocks"] as? [[String: Any]])
        let watch = try #require(blocks.first { ($0["info"] as? String) == "bash test=false" })
        #expect(watch["runs"] as? Bool == false)
        #expect(watch["skipReason"] as? String == "test=false")
        let steps = try #require(blocks.first?["steps"] as? [[String: Any]])
        #expect((steps.first?["command"] as? String)?.hasPrefix("export EKS_VERSION=$(aws eks describe-cluster") == true)
        #expect(steps.first?["line"] as? Int != nil)
    }

    @Test func showRendersProseAndCommands() throws {
        let result = try WorkshopBinary.run(["show", "upgrade-ami"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Upgrade a node group to the latest AMI\n"))
        #expect(result.stdout.contains("┃ ⚠ CAUTION"))
        #expect(result.stdout.contains("$ aws eks update-nodegroup-version --cluster-name $EKS_CLUSTER_NAME"))
        #expect(result.stdout.contains("test=false"))
        #expect(result.stdout.contains("timeout=1200"))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set or output is a pipe")
    }

    @Test func showJSONUnderEachReading() throws {
        for reading in ["reader", "markdown-sh"] {
            let result = try WorkshopBinary.run(["show", "lessons/mng-upgrades/upgrade-ami.md", "--format", "json", "--reading", reading])
            #expect(result.status == 0)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["reading"] as? String == reading)
            let front = try #require(json["frontMatter"] as? [String: Any])
            #expect(front["sidebar_position"] as? Int == 10)
        }
    }

    @Test func lintIsCleanOnTheBundledLessons() throws {
        let result = try WorkshopBinary.run(["lint", "--strict"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("11 lessons checked: 0 errors, 0 warnings"))
    }

    @Test func lintReportsFindingsWithPositionsAndExitStatuses() throws {
        let dir = NSTemporaryDirectory() + "workshop-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let warningOnly = dir + "/warn.md"
        try "---\ntitle: w\n---\n\n```bash\n$ echo one\n\n$ echo two\n```\n".write(toFile: warningOnly, atomically: true, encoding: .utf8)
        var result = try WorkshopBinary.run(["lint", warningOnly])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("\(warningOnly):7:1: warning: blank line ends markdown-sh's reading"))
        result = try WorkshopBinary.run(["lint", "--strict", warningOnly])
        #expect(result.status == 1)

        let withError = dir + "/error.md"
        try "---\ntitle: e\n---\n\n```bash timeout=abc\n$ echo\n```\n".write(toFile: withError, atomically: true, encoding: .utf8)
        result = try WorkshopBinary.run(["lint", withError, "--format", "json"])
        #expect(result.status == 1)
        let findings = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(findings.first?["code"] as? String == "annotation-value")
        #expect(findings.first?["line"] as? Int == 5)
        #expect(findings.first?["column"] as? Int == 9)
    }

    @Test(arguments: [
        ("empty.md", "", "the file is empty"),
        ("binary.md", "\u{0}\u{1}\u{2}", "binary data"),
        ("frontmatter.md", "---\ntitle: x\n\nno end\n", "front matter opened with --- is never closed"),
        ("yaml.md", "---\ntitle: [x\n---\n", "invalid YAML in front matter"),
    ])
    func unreadableInputExits65WithOneLine(name: String, content: String, message: String) throws {
        let dir = NSTemporaryDirectory() + "workshop-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(content.utf8))
        for command in ["lint", "show", "lessons"] {
            let result = try WorkshopBinary.run([command, path])
            #expect(result.status == 65, "\(command) \(name)")
            let errorLines = result.stderr.split(separator: "\n").filter { $0.contains("error:") }
            #expect(errorLines.count == 1, "\(result.stderr)")
            #expect(errorLines.first?.hasPrefix("\(path):") == true)
            #expect(errorLines.first?.contains(message) == true, "\(result.stderr)")
        }
    }

    @Test func invalidUTF8AndHugeFilesExit65() throws {
        let dir = NSTemporaryDirectory() + "workshop-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = dir + "/utf8.md"
        FileManager.default.createFile(atPath: bad, contents: Data([0x23, 0x20, 0xFF, 0xFE]))
        #expect(try WorkshopBinary.run(["show", bad]).status == 65)
        let huge = dir + "/huge.md"
        FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: 100 * 1_048_576)
        try handle.close()
        let result = try WorkshopBinary.run(["lint", huge])
        #expect(result.status == 65)
        #expect(result.stderr.contains("the file is 100 MB"))
    }

    @Test func unknownLessonNameSaysWhatToDo() throws {
        let result = try WorkshopBinary.run(["show", "no-such-lesson"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("run `workshop lessons` to list lessons"))
    }

    @Test func usageErrorsExit2AndHelpWorks() throws {
        let bad = try WorkshopBinary.run(["lint", "--format", "xml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--format"))
        let help = try WorkshopBinary.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("lessons"))
        #expect(help.stdout.contains("lint"))
    }

    @Test(.enabled(if: WorkshopBinary.sharedDirectory != nil, "../shared (the seed lessons) is not beside this checkout"))
    func seedsWorkWithEveryCommand() throws {
        let shared = try #require(WorkshopBinary.sharedDirectory)
        #expect(try WorkshopBinary.run(["lessons", shared + "/seeds"]).status == 0)
        #expect(try WorkshopBinary.run(["lint", shared + "/seeds"]).status == 0)
        let show = try WorkshopBinary.run(["show", shared + "/seeds/upgrading-amis.md", "--reading", "markdown-sh"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("not run by markdown-sh: test=false"))
    }
}
