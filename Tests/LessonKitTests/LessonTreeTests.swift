import Foundation
import Testing
@testable import LessonKit

@Suite struct LessonTreeTests {
    private func page(_ title: String, _ keys: String = "", commands: Bool = true) -> String {
        "---\ntitle: \(title)\n\(keys)---\n\n" + (commands ? "```bash\n$ echo \(title)\n```\n" : "")
    }

    @Test func orderFollowsTheHarness() throws {
        let dir = ScratchDirectory()
        dir.write("index.md", page("Root", "weight: 1\n", commands: false))
        dir.write("b-page.md", page("B", "sidebar_position: 20\n"))
        dir.write("a-page.md", page("A", "sidebar_position: 20\n"))  // tie: byte order keeps a before b
        dir.write("c-page.md", page("C", "weight: 10\nsidebar_position: 99\n"))  // weight wins
        dir.write("zero.md", page("Zero"))  // no weight: 0, before the index page (1)
        dir.write("sub/index.md", page("Sub", "sidebar_position: 5\n", commands: false))
        dir.write("sub/x.md", page("X", "sidebar_position: 1\n"))
        dir.write("early/index.md", page("Early", "sidebar_position: 2\n", commands: false))
        dir.write("early/y.md", page("Y"))
        dir.write("ignored.mdx", page("MDX"))
        dir.write("sub/tests/hook-suite.sh", "echo hook\n")

        let tree = try LessonTree.load(path: dir.path)
        #expect(tree.pages.map(\.title) == ["Zero", "Root", "C", "A", "B", "Y", "Early", "Sub", "X"])
        #expect(tree.root.children.map(\.title) == ["Early", "Sub"])
        #expect(tree.root.children.map(\.weight) == [2, 5])
        #expect(tree.root.children[1].suiteHook == "sub/tests/hook-suite.sh")
        #expect(tree.root.children[0].suiteHook == nil)
    }

    @Test func pagesComeBeforeSubdirectoriesWhateverTheirWeight() throws {
        let dir = ScratchDirectory()
        dir.write("late.md", page("Late", "sidebar_position: 100\n"))
        dir.write("aaa/first.md", page("In dir"))
        let tree = try LessonTree.load(path: dir.path)
        #expect(tree.pages.map(\.title) == ["Late", "In dir"])
    }

    @Test func notestSkipsTheSubtree() throws {
        let dir = ScratchDirectory()
        dir.write("setup/.notest", "")
        dir.write("setup/a.md", page("A"))
        dir.write("setup/deeper/b.md", page("B"))
        dir.write("c.md", page("C"))
        let tree = try LessonTree.load(path: dir.path)
        #expect(tree.pages.map(\.notest) == [false, true, true])
        #expect(tree.root.children[0].notest)
    }

    @Test func unreadablePagesAreReportedNotFatal() throws {
        let dir = ScratchDirectory()
        dir.write("good.md", page("Good"))
        _ = dir.writeBytes("bad.md", [0x00, 0x01])
        let tree = try LessonTree.load(path: dir.path)
        #expect(tree.pages.count == 2)
        #expect(tree.errors.count == 1)
        #expect(tree.errors[0].file == dir.path + "/bad.md", "named as the user can open it")
    }

    @Test func symlinkLoopsEndTheWalk() throws {
        let dir = ScratchDirectory()
        dir.write("a/page.md", page("P"))
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/loop", withDestinationPath: dir.path + "/a")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/self.md", withDestinationPath: dir.path + "/self.md")
        let tree = try LessonTree.load(path: dir.path)
        #expect(tree.pages.filter { $0.lesson != nil }.map(\.title) == ["P"])
        // Both loops are reported once, named by their path; the walk does not go round again.
        #expect(tree.errors.map(\.reason) == [.symlinkLoop, .symlinkLoop])
        #expect(Set(tree.errors.map(\.file)) == [dir.path + "/a/loop", dir.path + "/self.md"])
    }

    @Test func aLinkBackUpIsReportedOnceWhateverTheRootLooksLike() throws {
        let dir = ScratchDirectory()
        dir.write("sub/page.md", page("P"))
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/sub/up", withDestinationPath: "..")
        // A root written loosely (as users do: `lessons/./`) still matches the link's target.
        let tree = try LessonTree.load(path: dir.path + "/./")
        #expect(tree.pages.filter { $0.lesson != nil }.count == 1)
        #expect(tree.errors.map(\.reason) == [.symlinkLoop])
    }

    @Test func aDanglingLinkIsNamedAsSuch() throws {
        let dir = ScratchDirectory()
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/gone.md", withDestinationPath: dir.path + "/missing.md")
        let tree = try LessonTree.load(path: dir.path)
        #expect(tree.errors.map(\.reason) == [.brokenLink])
    }

    @Test func linkedPagesAndDirectoriesAreReadLikeTheirTargets() throws {
        let dir = ScratchDirectory()
        dir.write("shared/one.md", page("One"))
        dir.write("root/a.md", page("A"))
        let root = dir.path + "/root"
        try FileManager.default.createSymbolicLink(atPath: root + "/b.md", withDestinationPath: root + "/a.md")
        try FileManager.default.createSymbolicLink(atPath: root + "/linked", withDestinationPath: dir.path + "/shared")
        let tree = try LessonTree.load(path: root)
        #expect(tree.pages.map(\.file) == ["a.md", "b.md", "linked/one.md"])
        #expect(tree.errors.isEmpty)
    }

    @Test func aFIFONamedLikeALessonIsRefusedWithoutWaiting() throws {
        let dir = ScratchDirectory()
        dir.write("a.md", page("A"))
        let fifo = dir.path + "/pipe.md"
        #expect(mkfifo(fifo, 0o600) == 0)
        // Opening a FIFO for reading would wait for a writer; the page must be reported instead.
        let tree = try LessonTree.load(path: dir.path)
        #expect(tree.pages.map(\.file) == ["a.md", "pipe.md"])
        #expect(tree.errors.map(\.reason) == [.notARegularFile])
    }

    @Test func bundledLessonsAreInOrder() throws {
        let tree = try LessonTree.load(path: repositoryRoot + "/lessons")
        #expect(tree.errors.isEmpty)
        let files = tree.pages.map(\.file)
        #expect(files == ["mng-upgrades/index.md", "mng-upgrades/upgrade-ami.md", "mng-upgrades/upgrade-with-eksctl.md",
                          "mng-upgrades/pdb-blocks-drain.md", "mng-upgrades/budget-blocks-upgrade.md", "mng-upgrades/tune-update-config.md", "mng-upgrades/find-amis.md",
                          "mng-upgrades/script-the-upgrade.md", "mng-upgrades/upgrade-readiness.md", "mng-upgrades/move-the-control-plane.md", "mng-upgrades/whole-upgrade-with-eksctl.md"])
    }
}

import Foundation
