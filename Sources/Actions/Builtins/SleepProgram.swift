import ClusterSim

/// `sleep N[s|m|h]`: lets simulated time pass.
public struct SleepProgram: Program {
    public let name = "sleep"

    public init() {}

    public func run(_ arguments: [String], context: ProgramContext) -> Int32 {
        guard !arguments.isEmpty else {
            context.err("sleep: missing operand\nTry 'sleep --help' for more information.\n")
            return 1
        }
        var total = 0.0
        for argument in arguments {
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
            var number = Substring(argument)
            var factor = 1.0
            if let last = number.last, let unit = units[last] {
                factor = unit
                number = number.dropLast()
            }
            guard let value = Double(number), value >= 0 else {
                context.err("sleep: invalid time interval '\(argument)'\nTry 'sleep --help' for more information.\n")
                return 1
            }
            total += value * factor
        }
        return context.sleep(.seconds(total)) ? 0 : 130
    }
}
