/// A lesson file that cannot be read at all. Commands exit with status 65 (EX_DATAERR) on these.
public struct LessonReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case notFound
        case notReadable(String)
        case isDirectory
        /// A FIFO, socket or device: reading it could block forever or never end.
        case notARegularFile
        case empty
        case tooLarge(bytes: Int, limit: Int)
        case binary(offset: Int)
        case invalidUTF8(offset: Int)
        case unterminatedFrontMatter
        case invalidFrontMatter(String)
        case frontMatterNotAMapping
        case frontMatterTooComplex(limit: Int)
        case symlinkLoop
        case brokenLink
    }

    public var file: String
    public var line: Int
    public var reason: Reason

    public init(file: String, line: Int = 1, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// One line: `file:line: error: what is wrong — what to do`.
    public var description: String {
        "\(file):\(line): error: \(message)"
    }

    public var message: String {
        switch reason {
        case .notFound:
            return "no such file; check the path (run `workshop lessons` to list lessons)"
        case .notReadable(let why):
            return "cannot be read (\(why)); check its permissions"
        case .isDirectory:
            return "is a directory; give a lesson file, or use `workshop lessons DIR` for a tree"
        case .notARegularFile:
            return "is not a regular file (a FIFO, socket or device); a lesson must be a markdown file"
        case .empty:
            return "the file is empty; a lesson needs front matter (--- title: … ---) and content"
        case .tooLarge(let bytes, let limit):
            return "the file is \(Self.megabytes(bytes)), larger than the \(Self.megabytes(limit)) a lesson may have; is this really a lesson?"
        case .binary(let offset):
            return "binary data (a NUL byte at offset \(offset)); a lesson must be UTF-8 markdown text"
        case .invalidUTF8(let offset):
            return "invalid UTF-8 at byte offset \(offset); save the file as UTF-8"
        case .unterminatedFrontMatter:
            return "front matter opened with --- is never closed; add a line with just --- after it"
        case .invalidFrontMatter(let problem):
            return "invalid YAML in front matter: \(problem)"
        case .frontMatterNotAMapping:
            return "front matter must be YAML key: value pairs (e.g. title: My lesson)"
        case .frontMatterTooComplex(let limit):
            return "front matter expands to more than \(limit) values (YAML aliases?); keep it to plain keys"
        case .symlinkLoop:
            return "symbolic link loop (it leads back into the lesson tree); remove the looping link"
        case .brokenLink:
            return "symbolic link to a file that does not exist; fix or remove the link"
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1_048_576
        return mb >= 10 ? "\(Int(mb.rounded())) MB" : "\(Double(Int(mb * 10)) / 10) MB"
    }
}
