/// `true`: succeeds.
public struct TrueProgram: Program {
    public let name = "true"
    public init() {}
    public func run(_ arguments: [String], context: ProgramContext) -> Int32 { 0 }
}

/// `false`: fails.
public struct FalseProgram: Program {
    public let name = "false"
    public init() {}
    public func run(_ arguments: [String], context: ProgramContext) -> Int32 { 1 }
}
