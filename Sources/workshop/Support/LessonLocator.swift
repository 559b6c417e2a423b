import Foundation
import LessonKit

/// Finds lessons: a path as given, or a bundled lesson by name.
enum LessonLocator {
    /// The bundled `lessons/` directory: `$WORKSHOP_LESSONS`; else where `make install` puts them,
    /// `PREFIX/share/workshop/lessons` beside `PREFIX/bin/workshop`; else next to the checkout the
    /// binary was built in; else `./lessons`.
    static func bundledDirectory() -> String? {
        let fm = FileManager.default
        if let configured = Console.environment["WORKSHOP_LESSONS"], !configured.isEmpty { return configured }
        func marked(_ candidate: URL) -> Bool {
            fm.fileExists(atPath: candidate.appendingPathComponent(".workshop-lessons").path)
        }
        var directory = ExecutablePath.url.deletingLastPathComponent()
        let installed = directory.deletingLastPathComponent().appendingPathComponent("share/workshop/lessons")
        if marked(installed) { return installed.path }
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("lessons")
            if marked(candidate) { return candidate.path }
            directory.deleteLastPathComponent()
        }
        return fm.fileExists(atPath: "lessons") ? "lessons" : nil
    }

    /// The bundled lessons `:open` can switch to (index pages left out); empty when not found.
    static func bundledLibrary() -> [Lesson] {
        guard let bundled = bundledDirectory(), let tree = try? LessonTree.load(path: bundled) else { return [] }
        return tree.pages.compactMap(\.lesson).filter { !$0.isIndexPage }
    }

    /// `argument` as a path if it exists; otherwise the bundled lesson (file or directory) whose
    /// name contains it. `nil` means the bundled tree itself.
    static func resolve(_ argument: String?) throws -> String {
        guard let argument else {
            guard let bundled = bundledDirectory() else { throw LocatorError.noBundledLessons }
            return bundled
        }
        if FileManager.default.fileExists(atPath: argument) { return argument }
        if let bundled = bundledDirectory(), let tree = try? LessonTree.load(path: bundled) {
            let matches = tree.pages.filter { $0.file.contains(argument) }
            let directories = Set(matches.map { ($0.file as NSString).deletingLastPathComponent })
            if directories.count == 1, let directory = directories.first, !directory.isEmpty,
               matches.count > 1 || (matches.first?.file.hasSuffix("index.md") ?? false) {
                return bundled + "/" + directory
            }
            if matches.count == 1 { return bundled + "/" + matches[0].file }
            if matches.count > 1 {
                throw LocatorError.ambiguous(argument, matches.map(\.file))
            }
        }
        throw LocatorError.notFound(argument)
    }

    /// Resolves `argument` and loads its tree, reporting failures as the commands do (exit 65).
    static func loadTree(_ argument: String?) throws -> LessonTree {
        do {
            return try LessonTree.load(path: try resolve(argument))
        } catch let error as LessonReadError {
            Console.error(error.description)
            throw ExitStatus.unreadable
        } catch {
            Console.error("\(error)")
            throw ExitStatus.unreadable
        }
    }

    enum LocatorError: Error, CustomStringConvertible {
        case noBundledLessons
        case notFound(String)
        case ambiguous(String, [String])

        var description: String {
            switch self {
            case .noBundledLessons:
                return "error: the bundled lessons were not found; set WORKSHOP_LESSONS to the lessons/ directory or give a path"
            case .notFound(let name):
                return "\(name): error: no such file, and no bundled lesson matches it; run `workshop lessons` to list lessons"
            case .ambiguous(let name, let files):
                return "\(name): error: matches several bundled lessons (\(files.joined(separator: ", "))); give more of the name"
            }
        }
    }
}
