import ClusterSim
import JMESPath
import JSON

/// One parameter an operation accepts on the command line.
struct AWSParameter {
    enum Kind {
        case string, integer, boolean, list, structure
        /// EC2-style `--filters Name=a,Values=x,y Name=b,Values=z` (or JSON).
        case filters
    }

    /// The flag without dashes: `cluster-name`.
    var flag: String
    var kind: Kind
    var required = false
    /// The request member the flag fills (for --cli-input-json): `clusterName`.
    var member: String
}

/// Parsed parameters of one call.
struct AWSArguments {
    var values: [String: JSONValue] = [:]

    func string(_ flag: String) -> String? {
        if case .string(let s)? = values[flag] { return s }
        return nil
    }

    func integer(_ flag: String) -> Int? {
        if case .int(let i)? = values[flag] { return i }
        return nil
    }

    func bool(_ flag: String) -> Bool? {
        if case .bool(let b)? = values[flag] { return b }
        return nil
    }

    func list(_ flag: String) -> [String]? {
        guard case .array(let items)? = values[flag] else { return nil }
        return items.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
    }

    func structure(_ flag: String) -> JSONValue? { values[flag] }
}

/// What an operation sees: the simulated cluster as the requested region shows it.
struct AWSCallContext {
    let simulator: Simulator
    let region: String

    /// The cluster exists only in its scenario's region; elsewhere calls find nothing.
    var isHomeRegion: Bool { region == simulator.scenario.region }
}

/// An awscli operation (`aws ssm get-parameter`): its parameters and what it returns.
/// Each operation is its own type in its own file under `AWS/Operations`.
protocol AWSOperation: Sendable {
    static var service: String { get }
    /// `get-parameter`.
    static var name: String { get }
    /// `GetParameter`, as errors name it.
    static var apiName: String { get }
    static var parameters: [AWSParameter] { get }
    static func invoke(_ arguments: AWSArguments, _ context: AWSCallContext) throws(ServiceError) -> JSONValue
}
