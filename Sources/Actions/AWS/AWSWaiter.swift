import ClusterSim
import JMESPath
import JSON

/// `aws eks wait …`: botocore's waiter rules on the simulated clock. The first poll is
/// immediate, then one every `delay` seconds, up to `maxAttempts`; success prints nothing.
enum AWSWaiter {
    struct Definition {
        var name: String
        var waiterName: String
        var operation: any AWSOperation.Type
        var delay: Double
        var maxAttempts: Int
        var path: String
        /// Acceptors in order: a path value, or nil for "the error ResourceNotFoundException".
        var acceptors: [(value: String?, success: Bool)]
    }

    static let definitions: [Definition] = [
        Definition(name: "nodegroup-active", waiterName: "NodegroupActive", operation: EKSDescribeNodegroup.self, delay: 30, maxAttempts: 80,
                   path: "nodegroup.status", acceptors: [("CREATE_FAILED", false), ("ACTIVE", true)]),
        Definition(name: "nodegroup-deleted", waiterName: "NodegroupDeleted", operation: EKSDescribeNodegroup.self, delay: 30, maxAttempts: 40,
                   path: "nodegroup.status", acceptors: [("DELETE_FAILED", false), (nil, true)]),
        Definition(name: "addon-active", waiterName: "AddonActive", operation: EKSDescribeAddon.self, delay: 10, maxAttempts: 60,
                   path: "addon.status", acceptors: [("CREATE_FAILED", false), ("DEGRADED", false), ("ACTIVE", true)]),
        Definition(name: "addon-deleted", waiterName: "AddonDeleted", operation: EKSDescribeAddon.self, delay: 10, maxAttempts: 60,
                   path: "addon.status", acceptors: [("DELETE_FAILED", false), (nil, true)]),
        Definition(name: "cluster-active", waiterName: "ClusterActive", operation: EKSDescribeCluster.self, delay: 30, maxAttempts: 40,
                   path: "cluster.status", acceptors: [("DELETING", false), ("FAILED", false), ("ACTIVE", true)]),
    ]

    static func run(_ arguments: [String], region: String?, globals: AWSProgram.Globals, context: ProgramContext) -> Int32 {
        guard let waiterName = arguments.first else {
            context.err(AWSUsage.header + "aws: error: the following arguments are required: subcommand\n")
            return AWSUsage.status
        }
        guard let definition = definitions.first(where: { $0.name == waiterName }) else {
            if AWSCommandNames.eksWaiters.contains(waiterName) {
                context.err("not available in the simulated cluster: aws eks wait \(waiterName)\n")
                return Session.unavailableStatus
            }
            context.err(AWSUsage.invalidChoice(argument: "subcommand", value: waiterName, choices: AWSCommandNames.eksWaiters))
            return AWSUsage.status
        }
        guard let region else {
            context.err("You must specify a region. You can also configure your region by running \"aws configure\".\n")
            return 255
        }
        let parsed: AWSArguments
        switch AWSProgram.parse(Array(arguments.dropFirst()), parameters: definition.operation.parameters, cliInputJSON: globals.cliInputJSON) {
        case .success(let arguments): parsed = arguments
        case .failure(let failure):
            context.err(failure.text)
            return failure.status
        }
        let path = try! JMESPathExpression(definition.path)
        let call = AWSCallContext(simulator: context.simulator, region: region)
        for attempt in 1...definition.maxAttempts {
            do {
                let response = try definition.operation.invoke(parsed, call)
                let state = (try? path.search(response)) ?? .null
                if let acceptor = definition.acceptors.first(where: { $0.value != nil && state == .string($0.value!) }) {
                    if acceptor.success { return 0 }
                    context.err("\nWaiter \(definition.waiterName) failed: Waiter encountered a terminal failure state: For expression \"\(definition.path)\" we matched expected path: \"\(acceptor.value!)\"\n")
                    return 255
                }
            } catch {
                if error.code == "ResourceNotFoundException", definition.acceptors.contains(where: { $0.value == nil && $0.success }) {
                    return 0
                }
                context.err("\nWaiter \(definition.waiterName) failed: An error occurred (\(error.code)): \(error.message)\n")
                return 255
            }
            if attempt == definition.maxAttempts { break }
            guard context.sleep(.seconds(definition.delay)) else { return 130 }
        }
        context.err("\nWaiter \(definition.waiterName) failed: Max attempts exceeded\n")
        return 255
    }
}
