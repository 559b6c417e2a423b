import Foundation
import Testing

/// Workshop as `make install` leaves it: a binary, its lessons, completions and a man page under a
/// prefix, used from a folder that has nothing to do with the checkout. `make test-install`
/// installs into a temporary root and runs this suite with `WORKSHOP_INSTALLED_ROOT` and
/// `WORKSHOP_INSTALLED_PREFIX` set; on its own (no installation to look at) it is skipped.
@Suite(.enabled(if: InstalledWorkshop.prefix != nil, "run through `make test-install`, which installs into a temporary prefix first"))
struct InstallTests {
    private var prefix: String { InstalledWorkshop.prefix ?? "" }
    private var binary: String { prefix + "/bin/workshop" }

    /// A folder with no lessons in it and no checkout above it.
    private func elsewhere() -> String {
        let path = NSTemporaryDirectory() + "workshop-installed-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func run(_ arguments: [String], stdin: String? = nil, in directory: String) throws -> WorkshopBinary.Result {
        // The checkout's lessons must not be found through the environment either.
        try WorkshopBinary.runProgram(binary, arguments, stdin: stdin, environment: ["WORKSHOP_LESSONS": ""], directory: directory)
    }

    @Test func theInstalledBinaryFindsItsLessonsAndRunsThem() throws {
        let directory = elsewhere()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lessons = try run(["lessons"], in: directory)
        #expect(lessons.status == 0, "\(lessons.stderr)")
        #expect(lessons.stdout.contains("mng-upgrades/upgrade-ami.md"), "\(lessons.stdout)")

        let test = try run(["test"], in: directory)
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        #expect(test.stdout.contains(" 0 failed"), "\(test.stdout)")

        // The release defect this guards against: unbraced $VAR expanded to nothing.
        let piped = try run(["run", "--narrate", "off"], stdin: "export X=abc\necho [$X] [${X}] \"[$X]\"\n\necho cluster=$EKS_CLUSTER_NAME\n", in: directory)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("[abc] [abc] [abc]\n"), "\(piped.stdout)")
        #expect(piped.stdout.contains("cluster=eks-workshop\n"), "\(piped.stdout)")
        #expect(piped.stdout.contains("ami-"), "the first block ran: \(piped.stdout)")

        // Hooks reach the session through the installed client (PREFIX/libexec/workshop/workshop-client).
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/libexec/workshop/workshop-client"))
        if SessionBridgeCommandTests.jq != nil {
            let hooked = try run(["test", WorkshopBinary.repositoryRoot + "/Tests/Fixtures/bridge"], in: directory)
            #expect(hooked.status == 0, "\(hooked.stdout)\(hooked.stderr)")
        }
    }

    @Test func completionsAndTheManPageAreInstalled() throws {
        let files = [
            "share/bash-completion/completions/workshop": "_workshop",
            "share/zsh/site-functions/_workshop": "#compdef workshop",
            "share/fish/vendor_completions.d/workshop.fish": "complete -c 'workshop'",
            "share/man/man1/workshop.1": ".Nm workshop",
        ]
        for (file, expected) in files {
            let text = try String(contentsOfFile: prefix + "/" + file, encoding: .utf8)
            #expect(text.contains(expected), "\(file)")
            #expect(text.contains("verify"), "\(file) covers the subcommands")
        }
    }
}

/// Where `make test-install` put the installation (its DESTDIR and PREFIX joined), if it did.
enum InstalledWorkshop {
    static let prefix: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard let root = environment["WORKSHOP_INSTALLED_ROOT"], let prefix = environment["WORKSHOP_INSTALLED_PREFIX"] else { return nil }
        return root + prefix
    }()
}
