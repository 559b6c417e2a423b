/// What bash accepts in a variable name (`[A-Za-z_][A-Za-z0-9_]*`), on bytes: the grammar, assignments,
/// special-parameter checks and the usage recorder all ask the same question.
extension UInt8 {
    var startsShellName: Bool { self == UInt8(ascii: "_") || (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
    var continuesShellName: Bool { startsShellName || (self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9")) }
}

extension Collection<UInt8> {
    var isShellName: Bool {
        guard let first, first.startsShellName else { return false }
        return allSatisfy(\.continuesShellName)
    }
}
