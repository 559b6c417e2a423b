import Foundation

/// Removes secrets from text before it reaches a transcript on disk.
///
/// Rules run per line (the recorder buffers output to whole lines first). Each rule names what it
/// hides, so a reader of the transcript sees `[REDACTED aws-secret-access-key]` rather than a gap.
public struct Redactor: Sendable {
    struct Rule: @unchecked Sendable {
        let name: String
        /// Cheap lower-case substrings, one of which must occur before the expression is tried.
        let triggers: [String]
        let expression: NSRegularExpression
        /// Capture group holding the secret (0: the whole match).
        let group: Int

        init(_ name: String, triggers: [String], _ pattern: String, group: Int = 0, caseInsensitive: Bool = false) {
            self.name = name
            self.triggers = triggers
            // The patterns are constants of this file: a bad one is a programming error found by the tests.
            self.expression = try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
            self.group = group
        }
    }

    private let rules: [Rule]

    /// - Parameter maskAccountIds: also hide 12-digit AWS account ids (in ARNs and alone).
    public init(maskAccountIds: Bool = false) {
        let keyed = #"(?:\s*["']?\s*[:=]\s*["']?|\s+)"#
        var rules = [
            Rule("aws-access-key-id", triggers: ["akia", "asia", "aida", "aroa", "agpa", "anpa", "anva", "aipa", "a3t"],
                 #"(?<![A-Z0-9])(?:AKIA|ASIA|AIDA|AROA|AGPA|ANPA|ANVA|AIPA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])"#),
            Rule("aws-secret-access-key", triggers: ["secret"],
                 #"(?:aws_secret_access_key|secret_access_key|secretaccesskey|aws-secret-access-key)"# + keyed + #"([A-Za-z0-9/+=]{30,})"#,
                 group: 1, caseInsensitive: true),
            Rule("aws-session-token", triggers: ["token"],
                 #"(?:aws_session_token|aws_security_token|sessiontoken|session_token|x-amz-security-token)"# + keyed + #"([A-Za-z0-9/+=%]{16,})"#,
                 group: 1, caseInsensitive: true),
            Rule("aws-session-token", triggers: ["fwogzxivyxdze", "iqojb3jpz2lux2vj"], #"(?:FwoGZXIvYXdzE|IQoJb3JpZ2luX2Vj)[A-Za-z0-9/+=]+"#),
            Rule("aws-signature", triggers: ["x-amz-signature", "x-amz-credential"],
                 #"X-Amz-(?:Signature|Credential)=([^&\s"']+)"#, group: 1, caseInsensitive: true),
            Rule("authorization-header", triggers: ["authorization"], #"authorization\s*:\s*([^\r\n]+)"#, group: 1, caseInsensitive: true),
            Rule("bearer-token", triggers: ["bearer"], #"bearer\s+([A-Za-z0-9\-._~+/]+=*)"#, group: 1, caseInsensitive: true),
            Rule("jwt", triggers: ["eyj"], #"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#),
            Rule("kubernetes-token", triggers: ["k8s-aws-v1."], #"k8s-aws-v1\.[A-Za-z0-9_\-]+"#),
            Rule("credential", triggers: ["token", "password", "passwd", "secret", "client-key-data", "api_key", "apikey", "api-key"],
                 #"(?:^|[\s{,"'_.-])["']?(?:token|id-token|refresh-token|access_token|password|passwd|pwd|client-secret|client_secret|secret|client-key-data|api_key|apikey|api-key)["']?"#
                    + #"\s*[:=]\s*["'\\]*([^\s"'\\,}]{4,})"#, group: 1, caseInsensitive: true),
            Rule("url-password", triggers: ["://"], #"[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/\s@]+:([^@\s/]+)@"#, group: 1),
            Rule("private-key", triggers: ["private key"], #"-----BEGIN [A-Z ]*PRIVATE KEY-----.*"#),
            Rule("github-token", triggers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], #"(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"#),
            Rule("slack-token", triggers: ["xox"], #"xox[abprs]-[A-Za-z0-9-]{10,}"#),
        ]
        if maskAccountIds {
            rules.append(Rule("aws-account-id", triggers: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], #"(?<![0-9])[0-9]{12}(?![0-9])"#))
        }
        self.rules = rules
    }

    /// `text` with every secret replaced by `[REDACTED kind]`.
    public func redact(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var result = text
        var lowered = text.lowercased()
        for rule in rules where rule.triggers.contains(where: { lowered.contains($0) }) {
            let ns = result as NSString
            let matches = rule.expression.matches(in: result, range: NSRange(location: 0, length: ns.length))
            guard !matches.isEmpty else { continue }
            let mutable = NSMutableString(string: result)
            for match in matches.reversed() {
                let range = match.range(at: rule.group)
                guard range.location != NSNotFound, range.length > 0 else { continue }
                let found = ns.substring(with: range)
                if found.hasPrefix("[REDACTED") { continue }
                mutable.replaceCharacters(in: range, with: "[REDACTED \(rule.name)]")
            }
            result = mutable as String
            lowered = result.lowercased()
        }
        return result
    }
}
