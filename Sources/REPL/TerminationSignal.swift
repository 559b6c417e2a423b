import CEditShim

/// SIGTERM and SIGHUP end a session cleanly: the current event finishes, the transcript is
/// flushed and closed, the terminal is restored, and the process exits 128 + the signal number
/// (143 for SIGTERM, 129 for SIGHUP), as a shell reports a signalled command.
public enum TerminationSignal {
    /// Installs the handler (it only records the signal; the session checks between events).
    public static func install() { cel_install_termination() }

    /// The signal received so far, if any.
    public static var received: Int32? {
        let signal = cel_termination_signal()
        return signal == 0 ? nil : signal
    }

    /// The exit status for a received signal: 128 + its number.
    public static func exitStatus(_ signal: Int32) -> Int32 { 128 + signal }

    /// Its name, for the one line said on the way out.
    public static func name(_ signal: Int32) -> String {
        switch signal {
        case 1: return "SIGHUP"
        case 15: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }
}
