import ClusterSim

/// Kubernetes' `duration.HumanDuration`, which kubectl uses for AGE.
enum HumanDuration {
    static func format(seconds: Double) -> String { format(.seconds(seconds)) }

    static func format(_ elapsed: SimTime) -> String {
        let seconds = Int(elapsed.milliseconds / 1000)
        if elapsed.milliseconds < -1000 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 {
            let s = seconds % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 192 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let days = hours / 24
            return days % 365 == 0 ? "\(days / 365)y" : "\(days / 365)y\(days % 365)d"
        }
        return "\(hours / 24 / 365)y"
    }
}

/// kubectl get's table printer: rows of cells through cli-runtime's tabwriter (minimum width 6,
/// padding 3); under `--watch` widths are remembered across flushes, so later rows stay aligned.
final class TabWriter {
    private let writer = GoTabWriter.kubectlTable()

    func format(_ rows: [[String]]) -> String {
        writer.format(rows.map { $0.joined(separator: "\t") + "\n" }.joined())
    }
}
