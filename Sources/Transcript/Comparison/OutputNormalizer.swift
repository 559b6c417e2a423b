import Foundation

/// Rewrites values that differ from one cluster to another (AMI ids, instance ids, node names,
/// timestamps, ages, durations, update ids) into placeholders, so output from a real cluster can be
/// compared with the simulator's. It counts what it replaced, so a report can say what was ignored.
public struct OutputNormalizer: Sendable {
    struct Rule: @unchecked Sendable {
        let name: String
        let placeholder: String
        let expression: NSRegularExpression
        init(_ name: String, _ placeholder: String, _ pattern: String) {
            self.name = name
            self.placeholder = placeholder
            self.expression = try! NSRegularExpression(pattern: pattern)
        }
    }

    // Order matters: longer, more specific shapes first (a timestamp before a bare duration).
    private let rules: [Rule] = [
        Rule("timestamps", "<timestamp>", #"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"#),
        Rule("timestamps", "<timestamp>", #"(?<![\w.])1[6-9]\d{8}(?:\.\d+)?(?![\w.])"#),
        Rule("update ids", "<update-id>", #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#),
        Rule("AMI ids", "<ami-id>", #"\bami-[0-9a-f]{8,17}\b"#),
        Rule("instance ids", "<instance-id>", #"\bi-[0-9a-f]{8,17}\b"#),
        Rule("node names", "<node>", #"\bip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?:\.[a-z0-9-]+\.compute\.internal|\.ec2\.internal)?\b"#),
        Rule("IP addresses", "<ip>", #"\b10\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"#),
        Rule("release versions", "<release>", #"\b1\.\d{2}\.\d+-\d{8}\b"#),
        Rule("kubelet versions", "<kubelet>", #"\bv1\.\d{2}\.\d+-eks-[0-9a-f]{7}\b"#),
        Rule("ages and durations", "<age>", #"(?<![\w.-])(?:\d+[dhms])+(?:\d+ms)?(?![\w.-])"#),
        Rule("pod name suffixes", "-<hash>", #"(?<=[a-z0-9])-[a-z0-9]{8,10}-[a-z0-9]{5}\b"#),
    ]

    public init() {}

    /// The normalised text, and how many values of each kind were replaced.
    public func normalize(_ text: String) -> (text: String, replaced: [String: Int]) {
        var result = text
        var counts: [String: Int] = [:]
        for rule in rules {
            let range = NSRange(location: 0, length: (result as NSString).length)
            let count = rule.expression.numberOfMatches(in: result, range: range)
            guard count > 0 else { continue }
            counts[rule.name, default: 0] += count
            result = rule.expression.stringByReplacingMatches(in: result, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: rule.placeholder))
        }
        // Column widths follow the values' lengths: compare with runs of spaces collapsed.
        result = result.replacingOccurrences(of: #" {2,}"#, with: "  ", options: .regularExpression)
        return (result, counts)
    }
}
