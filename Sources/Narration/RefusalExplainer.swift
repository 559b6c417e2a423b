import ClusterObservation

/// Explains a request EKS refused, from what the command printed — the AWS CLI's
/// `An error occurred (CODE) when calling the OPERATION operation: MESSAGE`, or the Go SDK's
/// `operation error EKS: OPERATION, https response error …, CODE: MESSAGE` that eksctl prints — in
/// terms of the upgrade's rules, and what to do instead. A participant sees the same error on a
/// real cluster, so this works there too.
public enum RefusalExplainer {
    /// A refusal found in a command's output.
    public struct Refusal: Sendable, Equatable {
        public var operation: String
        public var code: String
        public var message: String
    }

    /// Every refusal the output shows, in order.
    public static func refusals(in output: String) -> [Refusal] {
        var found: [Refusal] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if let range = line.range(of: "An error occurred ("), let close = line.range(of: ") when calling the ", range: range.upperBound..<line.endIndex),
               let op = line.range(of: " operation: ", range: close.upperBound..<line.endIndex) {
                found.append(Refusal(operation: String(line[close.upperBound..<op.lowerBound]), code: String(line[range.upperBound..<close.lowerBound]),
                                     message: String(line[op.upperBound...])))
            } else if let range = line.range(of: "operation error EKS: "), let comma = line.range(of: ",", range: range.upperBound..<line.endIndex) {
                let operation = String(line[range.upperBound..<comma.lowerBound])
                // `…, RequestID: ID, CODE: MESSAGE`: the code is the first word ending an `Exception:`.
                guard let codeEnd = line.range(of: "Exception: ", range: comma.upperBound..<line.endIndex) else { continue }
                let head = line[comma.upperBound..<codeEnd.lowerBound]
                let code = (head.split(separator: " ").last.map(String.init) ?? "") + "Exception"
                found.append(Refusal(operation: operation, code: code, message: String(line[codeEnd.upperBound...])))
            }
        }
        return found
    }

    /// Why EKS refused, and what to do instead; nil for a refusal with nothing to add.
    public static func explain(_ refusal: Refusal, cluster: ClusterView) -> String? {
        let parts = cluster.version.split(separator: ".")
        let next = parts.count == 2 ? "\(parts[0]).\((Int(parts[1]) ?? 0) + 1)" : cluster.version
        let message = refusal.message
        switch (refusal.operation, refusal.code) {
        case ("UpdateNodegroupVersion", "InvalidParameterException") where message.contains("cannot be greater than the cluster version"):
            return "A node group may not run a newer Kubernetes version than its control plane (\(cluster.version)). Move the control plane first (aws eks update-cluster-version --kubernetes-version \(next), or eksctl upgrade cluster --approve), then the node group."
        case ("UpdateClusterVersion", "InvalidParameterException") where message.hasPrefix("Unsupported Kubernetes minor version update"):
            return "The control plane moves one minor version at a time, and only forward: from \(cluster.version) the next is \(next)."
        case ("UpdateClusterVersion", "InvalidParameterException") where message.contains("must be updated to match cluster version"):
            return "Every managed node group must run the control plane's version (\(cluster.version)) before the control plane moves again: update the node groups first (aws eks update-nodegroup-version --kubernetes-version \(cluster.version))."
        case ("UpdateClusterVersion", "InvalidStateException"):
            return "An upgrade insight reports an error for \(next): aws eks list-insights --cluster-name \(cluster.name) --filter statuses=ERROR shows which, and aws eks describe-insight what to do. --force overrides the check, at your own risk."
        case ("CreateAddon", "ResourceInUseException"):
            return "The cluster already has that add-on: aws eks describe-addon shows its version and status; aws eks update-addon changes its version."
        case ("CreateAddon", "InvalidParameterException") where message.contains("specified is not supported in"):
            return "No add-on of that name is made for Kubernetes \(cluster.version): aws eks describe-addon-versions --kubernetes-version \(cluster.version) --query 'addons[].addonName' lists the ones that are."
        case (_, "ResourceInUseException"):
            return "Another update of the same thing is still in progress: wait for it to end (aws eks describe-update, or the matching aws eks wait) and try again."
        case (let operation, "InvalidParameterException") where ["UpdateAddon", "CreateAddon"].contains(operation)
                                                                  && message == "Addon version specified is not supported":
            return "That add-on version is not made for Kubernetes \(cluster.version): aws eks describe-addon-versions --kubernetes-version \(cluster.version) --addon-name NAME lists the ones that are."
        default:
            return nil
        }
    }
}
