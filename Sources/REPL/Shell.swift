import Foundation
import Runner
import CEditShim

/// The guided shell on a terminal (or a pipe): reads lines, hands them to a ``GuidedSession``,
/// prints what it writes. History lives in `$XDG_STATE_HOME/workshop/history`.
public final class Shell {
    private let guided: GuidedSession
    private let editor: LineEditor
    private let completer = Completer()

    public init(guided: GuidedSession, interactive: Bool, environment: [String: String]) {
        self.guided = guided
        self.editor = LineEditor(program: "workshop", historyPath: Shell.historyPath(environment), interactive: interactive)
        let editor = self.editor
        // Ctrl-C stops a wait or watch; so do SIGTERM and SIGHUP, which then end the session.
        guided.interrupted = { [weak guided] in
            if let guided { Shell.followResize(guided) }
            return editor.takeInterrupt() || TerminationSignal.received != nil
        }
        if interactive { cel_install_winch() }
        editor.complete = { [guided, completer] line in
            completer.candidates(for: line, simulator: guided.simulator, lessonNames: guided.libraryNames, blockCount: guided.blockCount)
        }
    }

    /// `$XDG_STATE_HOME/workshop/history`, default `~/.local/state/workshop/history` (created if missing).
    public static func historyPath(_ environment: [String: String]) -> String? {
        let base: String
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            base = state
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/state"
        } else {
            return nil
        }
        let directory = base + "/workshop"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory + "/history"
    }

    /// After SIGWINCH: the session's terminal takes the new size, and the recording notes it.
    static func followResize(_ guided: GuidedSession) {
        guard cel_take_winch() != 0, let size = GuidedSession.terminalSize(1) else { return }
        guided.terminalResized(columns: size.columns, rows: size.rows)
    }

    /// Runs until `:quit`, end of input, or SIGTERM/SIGHUP (after the current command finishes).
    public func run() {
        guided.start()
        while TerminationSignal.received == nil {
            Shell.followResize(guided)
            let prompt = editor.isInteractive ? "workshop [\(guided.promptContext)]$ " : ""
            switch guided.whileWaiting({ editor.read(prompt: prompt) }) {
            case .endOfInput:
                return
            case .interrupted:
                continue
            case .line(var line):
                // A trailing backslash continues the command on the next line, as in bash.
                var interrupted = false
                continuation: while line.hasSuffix("\\") {
                    switch guided.whileWaiting({ editor.read(prompt: editor.isInteractive ? "> " : "") }) {
                    case .line(let more):
                        line += "\n" + more
                    case .interrupted:
                        interrupted = true
                        break continuation
                    case .endOfInput:
                        line.removeLast()
                        break continuation
                    }
                }
                if interrupted || TerminationSignal.received != nil { continue }
                // A resize while the line was typed reaches bash before the line runs.
                Shell.followResize(guided)
                if !editor.isInteractive, !line.isEmpty { guided.write("$ \(line)\n") }
                if editor.isInteractive { guided.recordInput(prompt: prompt, line: line) }
                if !guided.handle(line) { return }
            }
        }
    }
}
