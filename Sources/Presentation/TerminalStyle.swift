#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ANSI styling that switches itself off where it does not belong: pipes, files, `NO_COLOR`, `TERM=dumb`.
public struct TerminalStyle: Sendable {
    public var enabled: Bool
    /// Columns to wrap prose at.
    public var width: Int

    public init(enabled: Bool, width: Int = 80) {
        self.enabled = enabled
        self.width = width
    }

    /// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
    public static func forStandardOutput(environment: [String: String]) -> TerminalStyle {
        let tty = isatty(1) == 1
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = environment["TERM"] == "dumb"
        var width = 80
        if let columns = environment["COLUMNS"].flatMap(Int.init) {
            width = columns
        } else if tty {
            var size = winsize()
            if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { width = Int(size.ws_col) }
        }
        return TerminalStyle(enabled: tty && !noColor && !dumb, width: max(40, min(width, 100)))
    }

    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func italic(_ s: String) -> String { wrap(s, "3") }
    public func underline(_ s: String) -> String { wrap(s, "4") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func blue(_ s: String) -> String { wrap(s, "34") }
    public func magenta(_ s: String) -> String { wrap(s, "35") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled && !s.isEmpty ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
}
