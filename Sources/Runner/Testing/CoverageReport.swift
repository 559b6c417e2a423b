import Actions
import ClusterSim
import Foundation
import LessonKit

/// `workshop test --coverage`: per program, how many of a tree's `$ ` commands use it, and for the
/// programs that reach the simulated cluster (`aws`, `kubectl`, `eksctl`), how many calls the
/// blocks made and which of them the simulator could not answer. Every block of every lesson runs
/// in bash as in `workshop test`, going on past failures so one failure hides nothing after it.
public struct CoverageReport: Sendable {
    /// One program's use.
    public struct Use: Sendable, Equatable {
        /// `$ ` commands whose text names it as a program.
        public var commands = 0
        /// Calls that reached the simulated cluster.
        public var calls = 0
        /// `program subcommand` → calls answered "not available in the simulated cluster".
        public var notAvailable: [String: Int] = [:]
    }

    public var commands = 0
    public var blocks = 0
    public var blocksPassed = 0
    public var programs: [String: Use] = [:]

    public init() {}

    /// Runs every block of every lesson (hooks aside), each lesson on a fresh cluster.
    public static func measure(_ plan: [PlannedLesson], options: TestOptions) -> CoverageReport {
        var report = CoverageReport()
        for planned in plan where !planned.page.notest {
            guard let lesson = planned.page.lesson else { continue }
            let shell: HarnessShell
            if options.backend == .sim, let client = options.clientExecutable,
               let simulated = try? HarnessShell(scenario: options.scenario, seed: options.seed, clientExecutable: client,
                                                 base: ProcessInfo.processInfo.environment) {
                shell = simulated
            } else {
                shell = HarnessShell(base: ProcessInfo.processInfo.environment)
            }
            defer { shell.finish() }
            for block in lesson.codeBlocks where block.reading(options.reading).runs {
                let reading = block.reading(options.reading)
                let commands = reading.annotations.raw ? [String(block.literal)] : reading.steps.map { String($0.command) }
                for command in commands {
                    report.commands += 1
                    for program in Set(ProgramNames.programs(in: command)) { report.programs[program, default: Use()].commands += 1 }
                }
                let run = shell.run(commands: commands, timeout: reading.annotations.timeout)
                report.blocks += 1
                if run.status == 0 && !run.timedOut { report.blocksPassed += 1 }
                for call in run.calls {
                    let program = call.arguments.first ?? ""
                    report.programs[program, default: Use()].calls += 1
                    let marker = "not available in the simulated cluster: "
                    if let line = call.stderr.split(separator: "\n").first(where: { $0.hasPrefix(marker) }) {
                        report.programs[program, default: Use()].notAvailable[String(line.dropFirst(marker.count)), default: 0] += 1
                    }
                }
            }
        }
        return report
    }

    public func render(top: Int = 20) -> String {
        var lines = [String(format: "coverage: %d commands in %d blocks; %d blocks ran to success in bash on the simulated cluster (%.1f %%)",
                            commands, blocks, blocksPassed, blocks == 0 ? 100 : Double(blocksPassed) * 100 / Double(blocks))]
        lines.append("program              commands   calls to the simulated cluster")
        let ranked = programs.sorted { $0.value.commands != $1.value.commands ? $0.value.commands > $1.value.commands : $0.key < $1.key }
        for (name, use) in ranked.prefix(top) {
            let reached: String
            if ClusterPrograms.names.contains(name) {
                let missing = use.notAvailable.values.reduce(0, +)
                reached = "\(use.calls) answered" + (missing == 0 ? "" : ", \(missing) not available: "
                    + use.notAvailable.sorted { $0.value > $1.value }.prefix(3).map { "\($0.key) ×\($0.value)" }.joined(separator: ", "))
            } else if ProgramNames.builtins.contains(name) {
                reached = "a bash builtin"
            } else if ProgramNames.isInstalled(name) {
                reached = "runs as itself in bash"
            } else {
                reached = "not installed here: its commands fail with 127, as in the harness"
            }
            lines.append(name.padding(toLength: 20, withPad: " ", startingAt: 0) + " " + String(use.commands).leftPadded(8) + "   " + reached)
        }
        if ranked.count > top { lines.append("… and \(ranked.count - top) more programs") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The programs a session answers for.
enum ClusterPrograms {
    static let names: Set<String> = ["aws", "kubectl", "eksctl", "sleep", "prepare-environment"]
}

/// The programs a command line runs, read from its text: the first word of each simple command
/// (after `|`, `&&`, `||`, `;`, `$(`, a backquote, `(`, or a keyword such as `do` and `then`),
/// assignments and keywords skipped. A reading for counting, not a parser: quoting is respected,
/// expansions are not performed.
enum ProgramNames {
    private static let keywords: Set<String> = ["if", "then", "else", "elif", "fi", "while", "until", "do", "done", "case", "esac",
                                                "!", "{", "}", "time", "function", "in", "[[", "]]"]

    static let builtins: Set<String> = ["echo", "export", "[", "test", "cd", "read", "printf", "true", "false", "set", "source", ".",
                                        "eval", "wait", "kill", "unset", "local", "return", "exit", "shift", "type", "command", ":"]

    /// Whether `name` is an executable somewhere on this process's PATH.
    static func isInstalled(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    static func programs(in command: String) -> [String] {
        var programs: [String] = []
        var atStart = true
        var skipLoopHeader = false
        for word in words(command) {
            switch word {
            case "|", "||", "&&", ";", "&", "\n", "$(", "`", "(", ")":
                atStart = true
                skipLoopHeader = false
                continue
            default:
                break
            }
            if skipLoopHeader { continue }
            guard atStart else { continue }
            if word == "for" || word == "select" || word == "case" { skipLoopHeader = true; atStart = false; continue }
            if keywords.contains(word) { continue }
            if let equals = word.firstIndex(of: "="), word[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
               !word[..<equals].isEmpty { continue }
            atStart = false
            if word.first.map({ $0.isLetter || $0 == "." || $0 == "/" || $0 == "_" || $0 == "[" }) ?? false {
                programs.append(String(word.split(separator: "/").last ?? Substring(word)))
            }
        }
        return programs
    }

    /// Words and operators, quotes kept inside words; `do`/`then` after `;` or a newline act as starts.
    private static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quote: Character?
        var characters = Array(text)[...]
        func flush() { if !current.isEmpty { result.append(current); current = "" } }
        while let character = characters.popFirst() {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            switch character {
            case "'", "\"": quote = character
            case "\\":
                if let next = characters.popFirst(), next != "\n" { current.append(next) }
            case " ", "\t": flush()
            case "\n", ";", "(", ")", "`": flush(); result.append(String(character))
            case "|", "&":
                flush()
                if characters.first == character { characters.removeFirst(); result.append(String([character, character])) } else { result.append(String(character)) }
            case "$" where characters.first == "(":
                flush()
                characters.removeFirst()
                result.append("$(")
            default: current.append(character)
            }
        }
        flush()
        return result
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
