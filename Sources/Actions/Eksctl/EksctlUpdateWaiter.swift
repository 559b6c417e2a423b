import ClusterSim

/// eksctl's UpdateWaiter: DescribeUpdate with exponential backoff from 30 s to 120 s until the
/// update ends or `--timeout` passes. Its attempts are logged at debug level only, so it prints
/// nothing until the update ends.
enum EksctlUpdateWaiter {
    enum Outcome {
        case successful
        /// eksctl's error text for a failed or cancelled update (`update failed with status …`).
        case failed(String)
        case timedOut
        case interrupted
    }

    static func wait(for update: EKSUpdate, timeout: SimTime, context: ProgramContext) -> Outcome {
        let simulator = context.simulator
        let deadline = simulator.now + timeout
        var delay = 30.0
        while true {
            let current = try? simulator.describeUpdate(cluster: update.clusterName, updateId: update.id, nodegroup: update.nodegroupName)
            switch current?.status {
            case .successful?:
                return .successful
            case .failed?, .cancelled?:
                var text = "update failed with status \"\(current!.status.rawValue)\": update errors:\n"
                for error in current!.errors {
                    text += " - \(error.errorMessage); errorCode: \(error.errorCode), resourceIDs: [\(error.resourceIds.joined(separator: " "))]\n"
                }
                return .failed(text)
            default:
                break
            }
            guard simulator.now < deadline else { return .timedOut }
            let step = min(SimTime.seconds(delay), deadline - simulator.now)
            guard context.sleep(step) else { return .interrupted }
            delay = min(120, delay * 2)
        }
    }

    /// Waits for `update`, then runs `succeeded` (the command's own success lines) or prints
    /// eksctl's error; the command's exit status.
    static func finish(_ update: EKSUpdate, timeout: SimTime, context: ProgramContext, succeeded: () -> Void) -> Int32 {
        switch wait(for: update, timeout: timeout, context: context) {
        case .successful:
            succeeded()
            return 0
        case .failed(let text):
            context.err("Error: " + text)
            return 1
        case .timedOut:
            context.err("Error: exceeded max wait time for UpdateWaiter\n")
            return 1
        case .interrupted:
            return 130
        }
    }
}
