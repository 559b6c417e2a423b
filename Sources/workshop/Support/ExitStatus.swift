import ArgumentParser

/// The exit statuses Workshop documents.
enum ExitStatus {
    static let success = ExitCode(0)
    /// Lint errors, failed tests, a failed verification.
    static let failure = ExitCode(1)
    static let usage = ExitCode(2)
    /// EX_DATAERR: an unreadable lesson or transcript.
    static let unreadable = ExitCode(65)
}
