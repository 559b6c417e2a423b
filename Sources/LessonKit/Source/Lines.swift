import Foundation

/// A run of a text's UTF-8 bytes, read in place.
typealias ByteSlice = Slice<UnsafeBufferPointer<UInt8>>

extension UInt8 {
    /// A space or a tab: what separates words of an info string and indents a fence.
    var isBlank: Bool { self == 0x20 || self == 0x09 }
}

extension StringProtocol {
    /// Whether the text contains `needle`, compared byte by byte (no Foundation, no locale).
    func containsBytes(_ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0 else { return true }
        // Closures written in place, not kept in a variable: a stored closure's context was allocated on every call.
        let bytes = UnsafeBufferPointer(start: needle.utf8Start, count: count)
        if let found = utf8.withContiguousStorageIfAvailable({ $0.firstOffset(of: bytes) != nil }) { return found }
        return Array(utf8).withUnsafeBufferPointer { $0.firstOffset(of: bytes) != nil }
    }
}

extension StringProtocol {
    /// Index of the first empty line that ends in a newline (so not the text's final segment).
    func firstEmptyLineIndex() -> Int? {
        if let found = utf8.withContiguousStorageIfAvailable(Self.firstEmptyLineIndex(in:)) { return found }
        return Array(utf8).withUnsafeBufferPointer(Self.firstEmptyLineIndex(in:))
    }

    private static func firstEmptyLineIndex(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
        if base[0] == 0x0A { return 0 }
        let pair: StaticString = "\n\n"
        guard let offset = buffer.firstOffset(of: UnsafeBufferPointer(start: pair.utf8Start, count: pair.utf8CodeUnitCount)) else { return nil }
        var lines = 0
        for index in 0...offset where base[index] == 0x0A { lines += 1 }
        return lines
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Offset of the first occurrence of `needle`: memchr finds candidates for its first byte.
    func firstOffset(of needle: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = baseAddress, let needleBase = needle.baseAddress, !needle.isEmpty, count >= needle.count else {
            return needle.isEmpty ? 0 : nil
        }
        let last = count - needle.count
        var offset = 0
        while let candidate = firstOffset(of: needleBase[0], from: offset), candidate <= last {
            if memcmp(base + candidate, needleBase, needle.count) == 0 { return candidate }
            offset = candidate + 1
        }
        return nil
    }

    /// Offset of the first `byte` at or after `start`, found with memchr.
    func firstOffset(of byte: UInt8, from start: Int = 0) -> Int? {
        guard start < count, let base = baseAddress, let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }
}

extension Span<UInt8> {
    /// Offset of the first `byte` at or after `start`, found with memchr.
    func firstOffset(of byte: UInt8, from start: Int = 0) -> Int? {
        withUnsafeBufferPointer { $0.firstOffset(of: byte, from: start) }
    }
}
