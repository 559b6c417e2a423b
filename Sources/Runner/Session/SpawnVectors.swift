#if canImport(Glibc)
import Glibc
#endif

/// The `argv` and `envp` arrays posix_spawn takes, lent to `body` for the call only: the C strings
/// are made before it and freed after it, so no pointer outlives the spawn.
func withSpawnVectors<Result>(_ arguments: [String], _ environment: [String: String],
                              _ body: (_ argv: [UnsafeMutablePointer<CChar>?], _ envp: [UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    return body(argv, envp)
}
