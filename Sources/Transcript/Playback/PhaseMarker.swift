/// The marker Workshop writes when an upgrade phase starts (`Phase 2/4: scale up (default)`), and
/// how it is told from a recorded event line: one place for the label's shape.
public enum PhaseMarker {
    /// The phases in order: as events name them (`scale-up`) and as markers show them (`scale up`).
    static let phases: [(event: String, shown: String)] = [
        ("setup", "setup"), ("scale-up", "scale up"), ("upgrade", "upgrade"), ("scale-down", "scale down"),
    ]

    /// The label for a phase, given as events name it; nil for a phase Workshop does not know.
    public static func label(phase: String, nodegroup: String) -> String? {
        guard let index = phases.firstIndex(where: { $0.event == phase }) else { return nil }
        return "Phase \(index + 1)/4: \(phases[index].shown) (\(nodegroup))"
    }

    /// The label for a recorded event line such as `00:15 scale-up phase started (default)`; nil
    /// when the line records no phase start.
    public static func label(fromEvent line: String) -> String? {
        for phase in phases {
            guard let range = line.range(of: " \(phase.event) phase started ("), line.hasSuffix(")") else { continue }
            return label(phase: phase.event, nodegroup: String(line[range.upperBound...].dropLast()))
        }
        return nil
    }

    /// True for a label this type makes.
    public static func isLabel(_ text: String) -> Bool {
        phases.indices.contains { index in
            let prefix = "Phase \(index + 1)/4: \(phases[index].shown) ("
            return text.hasPrefix(prefix) && text.hasSuffix(")") && text.count > prefix.count + 1
        }
    }
}
