/// apimachinery's `resource.Quantity` as far as kubectl describe prints it: parsed from the API's
/// strings (`250m`, `7864320Ki`, `2`, `1e3`), added, and printed in canonical form
/// (`1024Mi` → `1Gi`, `2000m` → `2`), so sums and node capacities read as kubectl shows them.
public struct KubernetesQuantity: Equatable, Sendable {
    public enum Format: Sendable { case decimalSI, binarySI }

    /// The value in thousandths of the unit (milli-units): exact for every quantity the simulator uses.
    public var millis: Int64
    public var format: Format

    public static let zero = KubernetesQuantity(millis: 0, format: .decimalSI)

    public init(millis: Int64, format: Format) {
        self.millis = millis
        self.format = format
    }

    private static let binarySuffixes: [(String, Int64)] = [("Ki", 1 << 10), ("Mi", 1 << 20), ("Gi", 1 << 30), ("Ti", 1 << 40), ("Pi", 1 << 50)]
    private static let decimalSuffixes: [(String, Int64, Int64)] = [
        ("m", 1, 1000), ("", 1, 1), ("k", 1000, 1), ("M", 1_000_000, 1), ("G", 1_000_000_000, 1), ("T", 1_000_000_000_000, 1),
    ]

    public init?(_ text: String) {
        var number = Substring(text)
        var suffix = ""
        while let last = number.last, !(last.isNumber || last == ".") { suffix = String(last) + suffix; number = number.dropLast() }
        guard let value = Double(number), value.isFinite else { return nil }
        if let binary = Self.binarySuffixes.first(where: { $0.0 == suffix }) {
            self.init(millis: Int64((value * Double(binary.1) * 1000).rounded()), format: .binarySI)
        } else if let decimal = Self.decimalSuffixes.first(where: { $0.0 == suffix }) {
            self.init(millis: Int64((value * Double(decimal.1) * 1000 / Double(decimal.2)).rounded()), format: .decimalSI)
        } else {
            return nil
        }
    }

    /// Go's `Quantity.Add`: the receiver's format is kept unless it is zero.
    public static func + (a: KubernetesQuantity, b: KubernetesQuantity) -> KubernetesQuantity {
        KubernetesQuantity(millis: a.millis + b.millis, format: a.millis == 0 && a.format == .decimalSI ? b.format : a.format)
    }

    public var milliValue: Int64 { millis }
    /// Whole units, rounded up as `Quantity.Value` does.
    public var value: Int64 { millis >= 0 ? (millis + 999) / 1000 : millis / 1000 }

    /// `Quantity.String()`: binary suffixes for a whole number of bytes of 1024 or more, otherwise the
    /// decimal form with the largest exponent of 1000 that keeps the number whole.
    public var description: String {
        if millis == 0 { return "0" }
        let negative = millis < 0
        let magnitude = negative ? -millis : millis
        if format == .binarySI && magnitude >= 1024 * 1000 && magnitude % 1000 == 0 {
            var amount = magnitude / 1000
            var suffix = ""
            for (name, _) in Self.binarySuffixes where amount % 1024 == 0 {
                amount /= 1024
                suffix = name
            }
            return (negative ? "-" : "") + "\(amount)\(suffix)"
        }
        if magnitude % 1000 != 0 { return (negative ? "-" : "") + "\(magnitude)m" }
        var amount = magnitude / 1000
        var suffix = ""
        for name in ["k", "M", "G", "T", "P", "E"] where amount % 1000 == 0 {
            amount /= 1000
            suffix = name
        }
        return (negative ? "-" : "") + "\(amount)\(suffix)"
    }
}
