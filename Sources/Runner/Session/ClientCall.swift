import Foundation
import ClusterSim

/// One call a session's bash made to it (`kubectl get nodes -o json`, `sleep 30` …): what was
/// asked, what it printed, how it ended, and the simulated time it took. Test mode and the guided
/// shell record each as a step; `verify` runs them again.
public struct ClientCall: Sendable {
    /// The program's name first.
    public var arguments: [String]
    /// The variables the native programs read, as the caller had them (never credentials).
    public var environment: [String: String]
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var simulatedStart: SimTime
    public var simulatedEnd: SimTime
    /// Cluster events while it ran, as `mm:ss summary` lines.
    public var events: [String]
    /// What the program read besides its arguments (standard input as `-`, files by path).
    public var inputs: [String: String] = [:]

    /// The only variables a native program reads; every other one (credentials above all) stays
    /// out of recordings.
    public static let recordedVariables: Set<String> = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_DEFAULT_OUTPUT", "AWS_PAGER", "KUBECONFIG"]

    /// The command line as a shell would show it (`kubectl get nodes -o 'jsonpath={.items}'`).
    public var commandLine: String { arguments.map(ShellQuoting.quote).joined(separator: " ") }
}

/// Quoting a word so bash reads it back as the same word.
public enum ShellQuoting {
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ":", "=", ",", "@", "%", "+": true
            default: false
            }
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
