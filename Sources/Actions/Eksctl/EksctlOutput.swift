import ClusterSim
import JSON

/// How eksctl prints what it gets: tables through kops' `tables.Table` (rows sorted, columns padded
/// with tabs), `-o json` as Go's `json.MarshalIndent` with four spaces and no final newline, and
/// `-o yaml` through sigs.k8s.io/yaml.
enum EksctlOutput {
    enum Format: String { case table, json, yaml }

    static func format(_ value: String?, command: String, context: ProgramContext) -> Format? {
        guard let value else { return .table }
        if let format = Format(rawValue: value) { return format }
        context.err("Error: unknown output printer type: \(value)\n")
        return nil
    }

    static func table(header: [String], rows: [[String]]) -> String {
        let sorted = rows.sorted { $0.lexicographicallyPrecedes($1) }
        return GoTabWriter.eksctl().format(([header] + sorted).map { $0.joined(separator: "\t") + "\n" }.joined())
    }

    /// Go's `time.Time` in JSON (RFC 3339 with the fraction's trailing zeros dropped).
    static func goTime(_ epoch: Double) -> String {
        let whole = SimCalendar.iso8601(epoch: epoch, fractionDigits: 0)
        let millis = Int(((epoch - epoch.rounded(.down)) * 1000).rounded())
        guard millis > 0, millis < 1000 else { return whole }
        var fraction = String(millis + 1000).dropFirst()
        while fraction.hasSuffix("0") { fraction = fraction.dropLast() }
        return String(whole.dropLast()) + "." + fraction + "Z"
    }

    static func print(_ format: Format, _ value: JSONValue, context: ProgramContext) {
        switch format {
        case .json: context.out(JSONSerializer.pretty(value, goEscapes: true))
        case .yaml: context.out(GoYAMLEncoder.encode(value))
        case .table: break
        }
    }
}
