import CEditShim
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads lines: libedit (emacs keys, history, Ctrl-R, Tab completion) on a terminal, plain
/// lines otherwise. History is saved after every line.
public final class LineEditor {
    public enum Input {
        case line(String)
        /// Ctrl-C on the prompt: the line is abandoned.
        case interrupted
        case endOfInput
    }

    private let editLine: OpaquePointer?
    /// Bytes read from a plain (non-terminal) input past the line handed out.
    private var plainBuffer: [UInt8] = []
    private var plainEnded = false
    private let history: OpaquePointer?
    private let historyPath: String?
    private var promptBuffer: UnsafeMutablePointer<CChar>
    /// Candidates for the word before the cursor, given the line up to the cursor.
    public var complete: ((String) -> [String])?
    public let isInteractive: Bool

    public init(program: String, historyPath: String?, interactive: Bool) {
        setlocale(LC_ALL, "")
        self.historyPath = historyPath
        self.isInteractive = interactive
        promptBuffer = strdup("$ ")!
        if interactive {
            editLine = cel_init(program)
            history = history_init()
        } else {
            editLine = nil
            history = nil
        }
        guard let editLine, let history else { return }
        _ = cel_hist_setsize(history, 1000)
        _ = cel_hist_setunique(history, 1)
        if let historyPath { _ = cel_hist_load(history, historyPath) }
        _ = cel_set_hist(editLine, history)
        _ = cel_set_editor(editLine, "emacs")
        _ = cel_set_signal(editLine, 1)
        _ = cel_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = cel_set_prompt(editLine) { el in
            guard let el, let data = cel_get_clientdata(el) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
        _ = cel_add_fn(editLine, "workshop-complete", "Complete a word") { el, _ in
            guard let el, let data = cel_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor(el)
        }
        _ = cel_bind(editLine, "^I", "workshop-complete")
        _ = cel_bind(editLine, "^R", "em-inc-search-prev")
        cel_install_sigint()
    }

    deinit {
        if let history { history_end(history) }
        if let editLine { el_end(editLine) }
        free(promptBuffer)
    }

    /// The next line of a plain input, read with read(2) so that a signal (SIGTERM, SIGHUP) ends
    /// the wait: Swift's `readLine` retries forever once stdin has seen EINTR.
    private func plainLine() -> Input {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = plainBuffer.firstIndex(of: 0x0A) {
                // "\r\n" ends a line as "\n" does (as readLine(strippingNewline:) read them).
                let end = newline > 0 && plainBuffer[newline - 1] == 0x0D ? newline - 1 : newline
                let line = String(decoding: plainBuffer[..<end], as: UTF8.self)
                plainBuffer.removeFirst(newline + 1)
                return .line(line)
            }
            if plainEnded {
                guard !plainBuffer.isEmpty else { return .endOfInput }
                let line = String(decoding: plainBuffer, as: UTF8.self)
                plainBuffer.removeAll()
                return .line(line)
            }
            let count = Glibc.read(0, &chunk, chunk.count)
            if count > 0 {
                plainBuffer += chunk[..<count]
            } else if count < 0 && errno == EINTR {
                if TerminationSignal.received != nil { return .endOfInput }
            } else {
                plainEnded = true
            }
        }
    }

    /// Reads one line with `prompt` (not shown when input is not a terminal).
    public func read(prompt: String) -> Input {
        guard let editLine else { return plainLine() }
        free(promptBuffer)
        promptBuffer = strdup(prompt)!
        var count: Int32 = 0
        let pointer = el_gets(editLine, &count)
        // libedit swaps signal handlers around el_gets; make sure ours is the one active while
        // the command runs, so Ctrl-C interrupts waits and watches.
        cel_install_sigint()
        guard let pointer, count > 0 else {
            if TerminationSignal.received != nil { return .endOfInput }
            if cel_take_sigint() != 0 {
                print("^C")
                return .interrupted
            }
            print("")
            return .endOfInput
        }
        var line = String(cString: pointer)
        if line.hasSuffix("\n") { line.removeLast() }
        if !line.trimmingCharacters(in: .whitespaces).isEmpty, let history {
            _ = cel_hist_enter(history, line)
            if let historyPath { Self.saveHistory(history, to: historyPath) }
        }
        return .line(line)
    }

    /// Writes the history beside its file and renames it into place, so a kill at any moment
    /// leaves either the old history or the new one, never a truncated file.
    private static func saveHistory(_ history: OpaquePointer, to path: String) {
        let temporary = path + ".\(getpid()).tmp"
        if cel_hist_save(history, temporary) >= 0 { rename(temporary, path) } else { unlink(temporary) }
    }

    /// True once Ctrl-C was pressed since the last check (the handler only sets a flag).
    public func takeInterrupt() -> Bool { isInteractive && cel_take_sigint() != 0 }

    private func completeAtCursor(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee, let complete else { return UInt8(CC_ERROR) }
        let upToCursor = String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: info.buffer.distance(to: info.cursor)), as: UTF8.self)
        let word = upToCursor.hasSuffix(" ") ? "" : String(upToCursor.split(separator: " ").last ?? "")
        let candidates = complete(upToCursor)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        if candidates.count == 1 {
            let rest = String(candidates[0].dropFirst(word.count))
            _ = el_insertstr(el, rest + (candidates[0].hasSuffix("/") || candidates[0].hasSuffix("=") ? "" : " "))
            return UInt8(CC_REFRESH)
        }
        // Extend to the longest common prefix, then list the candidates.
        var common = candidates[0]
        for candidate in candidates.dropFirst() {
            while !candidate.hasPrefix(common) { common.removeLast() }
        }
        if common.count > word.count {
            _ = el_insertstr(el, String(common.dropFirst(word.count)))
            return UInt8(CC_REFRESH)
        }
        print("\n" + candidates.prefix(60).joined(separator: "  "))
        cel_flush_stdout()
        return UInt8(CC_REDISPLAY)
    }
}
