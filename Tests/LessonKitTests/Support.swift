import Foundation
@testable import LessonKit

func lesson(_ text: String, file: String = "lesson.md") throws -> Lesson {
    try LessonParser.parse(LessonSource.decode(Array(text.utf8), file: file))
}

func lint(_ text: String) throws -> [Diagnostic] {
    Linter().lint(try lesson(text))
}

/// A scratch directory removed when the value goes away.
final class ScratchDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "workshop-test-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        let full = path + "/" + relative
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    func writeBytes(_ relative: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + relative
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }
}

/// Where ../shared lives when the project sits beside it (tests skip cleanly without it).
let sharedDirectory: String? = {
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let shared = here.deletingLastPathComponent().appendingPathComponent("shared").path
    return FileManager.default.fileExists(atPath: shared) ? shared : nil
}()

let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
