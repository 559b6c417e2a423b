/// The inline content of a paragraph or heading.
///
/// A lesson's prose is stored flat, in one table per lesson (see ``ProseTable``): a paragraph is a
/// range of it, and text that stands in the file as written is a byte range of the file. Building
/// a lesson therefore makes no array and no String per paragraph; ``inlines`` makes the tree of
/// ``Inline`` values when a renderer asks for it.
public struct Prose: Sendable, Equatable {
    let table: ProseTable
    /// The table's nodes that make up this prose (its top-level inlines and their contents).
    let nodes: Range<Int>

    init(table: ProseTable, nodes: Range<Int>) {
        self.table = table
        self.nodes = nodes
    }

    /// Whether there is no inline content at all.
    public var isEmpty: Bool { nodes.isEmpty }

    /// The inline content as a tree, text sliced from the lesson file where it stands there as written.
    public var inlines: [Inline] { table.inlines(nodes) }

    /// Text with markup removed (links keep their text, breaks become spaces or newlines).
    public var plainText: String { table.plainText(nodes) }

    /// Equal when the content is: where each is stored does not matter.
    public static func == (lhs: Prose, rhs: Prose) -> Bool { lhs.inlines == rhs.inlines }
}

/// One inline of a lesson's prose, as the flat table stores it.
struct ProseNode: Sendable {
    enum Kind: UInt8, Sendable {
        case text, code, emphasis, strong, link, image, softBreak, lineBreak, html
    }

    var kind: Kind
    /// Index just past this node's contents: the next node at its own level.
    var end: Int32
    /// Text, code: the byte offset of its text in the file, or (`length < 0`) an index into the
    /// table's strings. HTML, links and images: an index into the strings (the HTML, the destination).
    var value: Int32
    var length: Int32

    init(kind: Kind, end: Int, value: Int = 0, length: Int = -1) {
        self.kind = kind
        self.end = Int32(truncatingIfNeeded: end)
        self.value = Int32(truncatingIfNeeded: value)
        self.length = Int32(truncatingIfNeeded: length)
    }
}

/// All the prose of one lesson: nodes in document order, each container followed by its contents.
///
/// Filled once by the lesson builder before the lesson is handed out (``fill(nodes:strings:)``),
/// read-only afterwards: that is what makes sharing it between threads safe.
final class ProseTable: @unchecked Sendable {
    /// The lesson file: text nodes are byte ranges of it.
    let file: String
    private(set) var nodes: [ProseNode] = []
    /// Text that does not stand in the file as written (entities, escapes), HTML, link destinations.
    private(set) var strings: [String] = []

    init(file: String) {
        self.file = file
    }

    /// Called once, by the builder that made the table, before any ``Prose`` of it is read.
    func fill(nodes: [ProseNode], strings: [String]) {
        self.nodes = nodes
        self.strings = strings
    }

    func inlines(_ range: Range<Int>) -> [Inline] {
        var result: [Inline] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let node = nodes[index]
            let next = Int(node.end)
            switch node.kind {
            case .text: result.append(.text(text(node)))
            case .code: result.append(.code(text(node)))
            case .emphasis: result.append(.emphasis(inlines(index + 1..<next)))
            case .strong: result.append(.strong(inlines(index + 1..<next)))
            case .link: result.append(.link(inlines(index + 1..<next), destination: strings[Int(node.value)]))
            case .image: result.append(.image(alt: inlines(index + 1..<next), source: strings[Int(node.value)]))
            case .softBreak: result.append(.softBreak)
            case .lineBreak: result.append(.lineBreak)
            case .html: result.append(.html(strings[Int(node.value)]))
            }
            index = next
        }
        return result
    }

    func plainText(_ range: Range<Int>) -> String {
        var file = file
        return file.withUTF8 { Self.plainText(range, nodes: nodes, strings: strings, file: $0) }
    }

    /// The plain text of nodes `range` (contents in order, breaks as a space or a newline): shared
    /// with the builder, which asks it of a table it has not filled yet.
    static func plainText(_ range: Range<Int>, nodes: [ProseNode], strings: [String], file: Span<UInt8>) -> String {
        file.withUnsafeBufferPointer { plainText(range, nodes: nodes, strings: strings, file: $0) }
    }

    static func plainText(_ range: Range<Int>, nodes: [ProseNode], strings: [String], file: UnsafeBufferPointer<UInt8>) -> String {
        var utf8: [UInt8] = []
        for node in nodes[range] {
            switch node.kind {
            case .text, .code:
                if node.length >= 0 {
                    utf8.append(contentsOf: UnsafeBufferPointer(rebasing: file[Int(node.value)..<Int(node.value) + Int(node.length)]))
                } else {
                    utf8.append(contentsOf: strings[Int(node.value)].utf8)
                }
            case .html: utf8.append(contentsOf: strings[Int(node.value)].utf8)
            case .softBreak: utf8.append(0x20)
            case .lineBreak: utf8.append(0x0A)
            // Their contents follow them in the table.
            case .emphasis, .strong, .link, .image: break
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private func text(_ node: ProseNode) -> Substring {
        guard node.length >= 0 else { return Substring(strings[Int(node.value)]) }
        let utf8 = file.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: Int(node.value))
        return Substring(utf8[start..<utf8.index(start, offsetBy: Int(node.length))])
    }
}
