import Foundation

/// A directory of lessons, ordered exactly as the EKS Workshop harness runs them.
///
/// Rules: entries in byte order; a page's weight is `weight`, else `sidebar_position`, else 0;
/// an index page gives its directory's title and weight and itself counts as weight 1; pages and
/// sub-directories are each sorted by weight (stable), and all pages of a directory come before
/// any of its sub-directories; a `.notest` file skips its directory and everything below for testing.
public struct LessonTree: Sendable, Encodable {
    /// One lesson page in the tree.
    public struct Page: Sendable, Encodable {
        /// Path relative to the tree's root (or the file given).
        public var file: String
        public var title: String
        /// Position among its directory's pages (index pages: 1).
        public var weight: Int
        /// Under a `.notest` directory: listed, but not tested.
        public var notest: Bool
        public var lesson: Lesson?
        public var error: LessonReadError?

        private enum Keys: String, CodingKey { case file, title, weight, notest, error, lesson }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(file, forKey: .file)
            try c.encode(title, forKey: .title)
            try c.encode(weight, forKey: .weight)
            try c.encode(notest, forKey: .notest)
            try c.encodeIfPresent(error.map(\.description), forKey: .error)
            try c.encodeIfPresent(lesson, forKey: .lesson)
        }
    }

    /// A directory: its pages, then its sub-directories.
    public struct Category: Sendable, Encodable {
        /// Path relative to the tree's root ("" for the root).
        public var path: String
        public var title: String
        public var weight: Int
        public var notest: Bool
        /// `tests/hook-suite.sh`, run before and after the directory's suite, when present.
        public var suiteHook: String?
        public var pages: [Page]
        public var children: [Category]

        /// Pages of this directory and every sub-directory, in run order.
        public var allPages: [Page] {
            var result: [Page] = []
            collectPages(into: &result)
            return result
        }

        private func collectPages(into result: inout [Page]) {
            result.append(contentsOf: pages)
            for child in children { child.collectPages(into: &result) }
        }

        /// Whether this directory or any below it has a page (without listing them).
        var hasPages: Bool { !pages.isEmpty || children.contains(where: \.hasPages) }
    }

    /// Directories nested deeper than this are not entered (a guard against link farms).
    public static let depthLimit = 32

    public var root: Category
    /// Absolute or given path of the root.
    public var rootPath: String

    /// Every page in run order.
    public var pages: [Page] { root.allPages }

    /// Every unreadable page's error.
    public var errors: [LessonReadError] { pages.compactMap(\.error) }

    /// Loads a tree from a directory, or a one-page tree from a file.
    public static func load(path: String) throws(LessonReadError) -> LessonTree {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LessonReadError(file: path, reason: errno == ELOOP ? .symlinkLoop : .notFound)
        }
        if info.st_mode & S_IFMT != S_IFDIR {
            let page = loadPage(path: path, name: path, notest: false)
            return LessonTree(root: Category(path: "", title: page.title, weight: 0, notest: false, suiteHook: nil,
                                             pages: [page], children: []), rootPath: path)
        }
        var visited: Set<String> = []
        let root = loadCategory(directory: path, relative: "", notest: false, depth: 0, visited: &visited)
        return LessonTree(root: root, rootPath: path)
    }

    private static func loadPage(path: String, name: String, notest: Bool, in directory: (descriptor: Int32, entry: String)? = nil) -> Page {
        do {
            let lesson = try LessonParser.load(path: path, displayName: name, in: directory)
            let weight = lesson.isIndexPage ? 1 : lesson.frontMatter.orderingWeight
            return Page(file: name, title: lesson.title, weight: weight, notest: notest, lesson: lesson, error: nil)
        } catch {
            let base = (name as NSString).lastPathComponent
            // The error names the path as the user can open it, not the page's name inside the tree.
            var located = error
            located.file = path
            return Page(file: name, title: base, weight: Lesson.isIndexFileName(base) ? 1 : 0, notest: notest, lesson: nil, error: located)
        }
    }

    private static func loadCategory(directory: String, relative: String, notest inherited: Bool, depth: Int,
                                     visited: inout Set<String>) -> Category {
        let fm = FileManager.default
        let notest = inherited || fm.fileExists(atPath: directory + "/.notest")
        let name = relative.isEmpty ? (directory as NSString).lastPathComponent : (relative as NSString).lastPathComponent
        var category = Category(path: relative, title: name, weight: 0, notest: notest, suiteHook: nil, pages: [], children: [])
        // realpath, not Foundation's resolvingSymlinksInPath: the latter leaves a relative root relative,
        // so `lessons/sub/loop -> ..` never matched `lessons` and the tree was walked again and again.
        let resolved = realpath(directory, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) } ?? directory
        guard depth < depthLimit, !visited.contains(resolved) else { return category }
        visited.insert(resolved)

        let hook = directory + "/tests/hook-suite.sh"
        if fm.fileExists(atPath: hook) { category.suiteHook = relative.isEmpty ? "tests/hook-suite.sh" : relative + "/tests/hook-suite.sh" }

        // The directory is opened once: listed through this descriptor, and its pages opened relative to it
        // (one name for the kernel to look up, not the whole path again for every page).
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if directoryDescriptor >= 0 { close(directoryDescriptor) } }
        var subdirectories: [Category] = []
        for (entry, kind) in entries(of: directoryDescriptor) where !entry.hasPrefix(".") {
            let full = directory + "/" + entry
            let rel = relative.isEmpty ? entry : relative + "/" + entry
            guard let isDirectory = kind.isDirectory ?? Self.existingIsDirectory(full) else {
                // A dangling or looping symbolic link: report it as an unreadable page if it looks like one.
                if entry.hasSuffix(".md") {
                    var info = stat()
                    let reason: LessonReadError.Reason = stat(full, &info) != 0 && errno == ELOOP ? .symlinkLoop : .brokenLink
                    category.pages.append(Page(file: rel, title: entry, weight: 0, notest: notest, lesson: nil,
                                               error: LessonReadError(file: full, reason: reason)))
                }
                continue
            }
            if isDirectory {
                if entry == "tests" { continue }
                // A link back to a directory already in the tree would walk it forever: report it once.
                if let target = realpath(full, nil).map({ pointer in defer { free(pointer) }; return String(cString: pointer) }),
                   visited.contains(target) || resolved.hasPrefix(target + "/") {
                    category.pages.append(Page(file: rel, title: entry, weight: 0, notest: notest, lesson: nil,
                                               error: LessonReadError(file: full, reason: .symlinkLoop)))
                    continue
                }
                subdirectories.append(loadCategory(directory: full, relative: rel, notest: notest, depth: depth + 1, visited: &visited))
            } else if entry.hasSuffix(".md") {
                let page = loadPage(path: full, name: rel, notest: notest,
                                    in: directoryDescriptor >= 0 ? (directoryDescriptor, entry) : nil)
                if Lesson.isIndexFileName(entry), let lesson = page.lesson {
                    category.title = lesson.title
                    category.weight = lesson.frontMatter.orderingWeight
                }
                category.pages.append(page)
            }
        }
        category.pages = stableSorted(category.pages, by: \.weight)
        category.children = stableSorted(subdirectories.filter(\.hasPages), by: \.weight)
        return category
    }

    /// What the directory listing says an entry is; links and unknown kinds need a stat.
    private enum EntryKind {
        case directory, file, unknown

        var isDirectory: Bool? {
            switch self {
            case .directory: true
            case .file: false
            case .unknown: nil
            }
        }
    }

    /// The open directory's entries in byte order, with their kinds from readdir: one system call
    /// per directory rather than a stat per entry. The descriptor stays the caller's.
    private static func entries(of descriptor: Int32) -> [(name: String, kind: EntryKind)] {
        guard descriptor >= 0 else { return [] }
        let copy = dup(descriptor)
        guard copy >= 0 else { return [] }
        guard let stream = fdopendir(copy) else {
            close(copy)
            return []
        }
        defer { closedir(stream) }
        var result: [(name: String, kind: EntryKind)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let kind: EntryKind = switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): .directory
            case Int32(DT_REG): .file
            default: .unknown
            }
            result.append((name, kind))
        }
        return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Whether an existing path (links followed) is a directory; `nil` when it does not exist.
    private static func existingIsDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// Sorted by `key`, ties in their original order. Sorts positions, not the items: a page holds
    /// its whole lesson, and moving copies of them around cost more than the comparisons.
    private static func stableSorted<T>(_ items: [T], by key: (T) -> Int) -> [T] {
        let keys = items.map(key)
        var isSorted = true
        for i in keys.indices.dropFirst() where keys[i - 1] > keys[i] { isSorted = false; break }
        if isSorted { return items }
        let order = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        return order.map { items[$0] }
    }
}

extension LessonReadError: Encodable {
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
