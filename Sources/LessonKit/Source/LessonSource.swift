import Foundation

/// The validated text of a lesson file: UTF-8, no NUL bytes, within the size limit.
public struct LessonSource: Sendable {
    /// Lessons are a few kilobytes; anything past this is refused before it is read.
    public static let sizeLimit = 8 * 1_048_576

    public var file: String
    public var text: String

    public init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// Reads and validates `path`; `displayName` is how the file is named in messages.
    public static func read(path: String, displayName: String? = nil) throws(LessonReadError) -> LessonSource {
        try read(path: path, displayName: displayName, in: nil)
    }

    /// Reads `path`; when the caller has its directory open, `entry` names the file within it, and
    /// the kernel looks up one name instead of walking the whole path again for every page of a tree.
    static func read(path: String, displayName: String?, in directory: (descriptor: Int32, entry: String)?) throws(LessonReadError) -> LessonSource {
        let name = displayName ?? path
        // open, then fstat: one lookup of the path instead of two. O_NONBLOCK so that opening a
        // FIFO by mistake returns at once (it is then refused as not a regular file).
        let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC
        let descriptor = directory.map { openat($0.descriptor, $0.entry, flags) } ?? open(path, flags)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: throw LessonReadError(file: name, reason: .notFound)
            case ELOOP: throw LessonReadError(file: name, reason: .symlinkLoop)
            case EISDIR: throw LessonReadError(file: name, reason: .isDirectory)
            default:
                let why = String(cString: strerror(errno))
                var info = stat()
                if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { throw LessonReadError(file: name, reason: .isDirectory) }
                throw LessonReadError(file: name, reason: .notReadable(why))
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw LessonReadError(file: name, reason: .notReadable(String(cString: strerror(errno))))
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw LessonReadError(file: name, reason: .isDirectory) }
        if info.st_mode & S_IFMT != S_IFREG { throw LessonReadError(file: name, reason: .notARegularFile) }
        if Int(info.st_size) > sizeLimit {
            throw LessonReadError(file: name, reason: .tooLarge(bytes: Int(info.st_size), limit: sizeLimit))
        }
        // Plain read(2) into a scratch buffer of the file's size (on the stack for a typical lesson),
        // then one validated copy into the String: FileHandle reads in small chunks through Data, and
        // an array per file meant a second heap buffer, zero-filled, for every lesson of a tree.
        // One byte more than fstat said is asked for: filling it means the file is longer than reported.
        let expected = Int(info.st_size) + 1
        let source = try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: expected) { (scratch) throws(LessonReadError) -> LessonSource? in
            let count = try readFully(descriptor, into: scratch, name: name)
            return count < scratch.count ? try decode(UnsafeBufferPointer(rebasing: scratch[..<count]), file: name) : nil
        }
        if let source { return source }
        return try readGrowing(descriptor: descriptor, alreadyRead: expected, name: name)
    }

    /// Reads into `buffer` until it is full or the file ends; the number of bytes read.
    private static func readFully(_ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, from start: Int = 0,
                                  name: String) throws(LessonReadError) -> Int {
        var count = start
        while count < buffer.count {
            let got = Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            if got < 0 {
                if errno == EINTR { continue }
                throw LessonReadError(file: name, reason: .notReadable(String(cString: strerror(errno))))
            }
            if got == 0 { break }
            count += got
        }
        return count
    }

    /// A file longer than fstat said (growing, or a /proc file reporting size 0): read again from
    /// the start into a buffer that doubles, within the limit.
    private static func readGrowing(descriptor: Int32, alreadyRead: Int, name: String) throws(LessonReadError) -> LessonSource {
        guard lseek(descriptor, 0, SEEK_SET) == 0 else {
            throw LessonReadError(file: name, reason: .notReadable(String(cString: strerror(errno))))
        }
        var bytes = [UInt8](repeating: 0, count: max(4096, alreadyRead * 2))
        var count = 0
        while true {
            count = try bytes.withUnsafeMutableBufferPointer { (buffer) throws(LessonReadError) -> Int in
                try readFully(descriptor, into: buffer, from: count, name: name)
            }
            if count < bytes.count { break }
            guard bytes.count <= sizeLimit else { throw LessonReadError(file: name, reason: .tooLarge(bytes: count, limit: sizeLimit)) }
            bytes += [UInt8](repeating: 0, count: bytes.count)
        }
        if count > sizeLimit {
            throw LessonReadError(file: name, reason: .tooLarge(bytes: count, limit: sizeLimit))
        }
        bytes.removeLast(bytes.count - count)
        return try decode(bytes, file: name)
    }

    /// Validates raw bytes as lesson text.
    public static func decode(_ bytes: [UInt8], file: String) throws(LessonReadError) -> LessonSource {
        try bytes.withUnsafeBufferPointer { (buffer) throws(LessonReadError) in try decode(buffer, file: file) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(LessonReadError) -> LessonSource {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw LessonReadError(file: file, reason: .empty)
        }
        if let nul = bytes.firstOffset(of: 0) {
            throw LessonReadError(file: file, line: lineNumber(of: nul, in: bytes), reason: .binary(offset: nul))
        }
        // The standard library validates UTF-8 fast; the byte-by-byte scan only finds where it broke.
        guard var text = String(validating: bytes, as: UTF8.self) else {
            let bad = firstInvalidUTF8(bytes) ?? 0
            throw LessonReadError(file: file, line: lineNumber(of: bad, in: bytes), reason: .invalidUTF8(offset: bad))
        }
        if bytes.firstOffset(of: 0x0D) != nil {
            // CRLF files: cmark copes, but front matter and step extraction compare whole lines.
            var cleaned = Array(bytes)
            cleaned.removeAll { $0 == 0x0D }
            text = String(decoding: cleaned, as: UTF8.self)
        }
        if text.utf8.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst() }
        return LessonSource(file: file, text: text)
    }

    private static func lineNumber(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        bytes[..<offset].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    private static func firstInvalidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
            default: return i
            }
            guard i + length <= n else { return i }
            for k in 1..<length {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}
