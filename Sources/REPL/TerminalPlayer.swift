import CEditShim
import Foundation
import Transcript
#if canImport(Glibc)
import Glibc
#endif

/// Plays a recording on the terminal in its own time, with keys to control it.
///
/// Keys (when standard input is a terminal): space pauses and resumes; `.` shows the next event
/// while paused; `]` jumps to the next marker; a number then Enter jumps to that lesson step;
/// `q` or Ctrl-C leaves. The terminal's settings are restored however it ends.
public final class TerminalPlayer {
    public static let keysHelp = "space pause/resume · . next event (paused) · ] next marker · N Enter step N · q quit"

    private let cast: Asciicast
    private let plan: ReplayPlan
    private let write: (String) -> Void
    private let interactive: Bool

    public init(cast: Asciicast, plan: ReplayPlan, interactive: Bool, write: @escaping (String) -> Void) {
        self.cast = cast
        self.plan = plan
        self.interactive = interactive
        self.write = write
    }

    /// Plays to the end (or until the viewer quits). Returns true if it reached the end.
    @discardableResult
    public func play() -> Bool {
        cel_install_sigint()
        var saved = termios()
        let rawMode = interactive && tcgetattr(0, &saved) == 0
        if rawMode {
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            withUnsafeMutableBytes(of: &raw.c_cc) { cc in
                cc[Int(VMIN)] = 0
                cc[Int(VTIME)] = 0
            }
            tcsetattr(0, TCSANOW, &raw)
        }
        defer {
            if rawMode { tcsetattr(0, TCSANOW, &saved) }
        }

        var index = 0
        // Fast-forward to the starting step: the screen shows what came before it.
        while index < plan.startIndex { show(plan.items[index].event); index += 1 }
        var paused = false
        var typedNumber = ""
        var skipUntil: Int?
        while index < plan.items.count {
            if cel_take_sigint() != 0 || TerminationSignal.received != nil { return false }
            let item = plan.items[index]
            if let target = skipUntil {
                if index >= target { skipUntil = nil } else { show(item.event); index += 1; continue }
            }
            // Wait for the event's moment in short slices, reading keys meanwhile.
            var remaining = item.delay
            var advance = false
            while (remaining > 0 || paused) && !advance {
                let slice = paused ? 0.1 : min(remaining, 0.05)
                let key = rawMode ? readKey(timeout: slice) : nil
                if !rawMode { usleep(UInt32(slice * 1_000_000)) }
                if cel_take_sigint() != 0 || TerminationSignal.received != nil { return false }
                if !paused { remaining -= slice }
                guard let key else { continue }
                switch key {
                case " ": paused.toggle()
                case ".": if paused { advance = true }
                case "q", "Q": return false
                case "]":
                    if let next = cast.markers.first(where: { $0.index > index }) { skipUntil = next.index; advance = true; paused = false }
                case "0"..."9": typedNumber.append(key)
                case "\n", "\r":
                    if let step = Int(typedNumber), let target = ReplayPlan.markerIndex(forStep: step, in: cast), target > index {
                        skipUntil = target
                        advance = true
                        paused = false
                    }
                    typedNumber = ""
                default: break
                }
            }
            if skipUntil != nil { continue }
            show(item.event)
            index += 1
        }
        return true
    }

    private func show(_ event: Asciicast.Event) {
        if event.code == .output { write(event.data) }
    }

    private func readKey(timeout: Double) -> Character? {
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var byte: UInt8 = 0
        guard read(0, &byte, 1) == 1 else { return nil }
        return Character(UnicodeScalar(byte))
    }
}
