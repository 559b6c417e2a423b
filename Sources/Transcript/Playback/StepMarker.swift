/// The marker Workshop writes at each lesson step (`Step 3/6: aws eks …`), and how replay finds it
/// again: one place for the label's shape.
public enum StepMarker {
    public static func label(step: Int, of total: Int, command: String) -> String {
        "Step \(step)/\(total): \(command)"
    }

    /// The step number of a step marker's label; nil for other markers (phases, asciinema's own).
    public static func step(in label: String) -> Int? {
        guard label.hasPrefix("Step ") else { return nil }
        let digits = label.dropFirst(5).prefix { $0.isNumber }
        guard !digits.isEmpty, label.dropFirst(5 + digits.count).hasPrefix("/") else { return nil }
        return Int(digits)
    }
}
