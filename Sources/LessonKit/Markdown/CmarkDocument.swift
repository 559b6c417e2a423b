import Foundation
import CCmark
import CCmarkArena

/// A CommonMark document parsed by libcmark (the CommonMark reference parser), read in place.
///
/// The lesson model is built by walking cmark's own tree: copying it into a Swift tree first
/// cost more than cmark's parse. The document owns the C tree and frees it when it goes, so no C
/// memory outlives the parse.
struct CmarkDocument: ~Copyable {
    /// Containers nested deeper than this are flattened into their parent: nothing a reader
    /// would notice, and it keeps a hostile 100,000-level list from exhausting the stack.
    static let nestingLimit = 48

    /// The region every node of this document lives in (see `CCmarkArena`): cmark's many small
    /// allocations and frees were a third of its time, and freeing the tree walked it once more.
    private let region: OpaquePointer
    private let root: OpaquePointer?
    /// Added to cmark's line numbers: the text handed to cmark starts this many lines into the file.
    let lineOffset: Int

    /// Parses `bytes` from offset `start` on; their first line there is line `lineOffset + 1` of the file.
    /// cmark copies what it keeps, so the bytes are only lent for the parse.
    init(_ bytes: Span<UInt8>, from start: Int, lineOffset: Int) {
        let count = bytes.count - start
        region = bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, count > 0 else { return workshop_cmark_arena_parse("", 0, CMARK_OPT_DEFAULT) }
            return UnsafeRawPointer(base + start).withMemoryRebound(to: CChar.self, capacity: count) {
                workshop_cmark_arena_parse($0, count, CMARK_OPT_DEFAULT)
            }
        }
        root = workshop_cmark_arena_document(region)
        self.lineOffset = lineOffset
    }

    deinit {
        workshop_cmark_arena_free(region)
    }

    /// Lends the document node (nil for an empty parse) to `body`: nodes point into this
    /// document's region, so they are only handed out while it is borrowed.
    func withRoot<Result>(_ body: (CmarkNode?) throws -> Result) rethrows -> Result {
        try body(root.map { CmarkNode(pointer: $0, depth: 0, lineOffset: lineOffset) })
    }
}

/// One node of a ``CmarkDocument``; valid only while its document lives.
struct CmarkNode {
    enum Kind {
        case document, blockQuote, list, item, codeBlock, htmlBlock, paragraph, heading, thematicBreak
        case text, softBreak, lineBreak, code, htmlInline, emphasis, strong, link, image, other
    }

    let pointer: OpaquePointer
    /// 0 for the document; a node at ``CmarkDocument/nestingLimit`` - 1 lists all its leaves as children.
    let depth: Int
    let lineOffset: Int

    var kind: Kind {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_DOCUMENT: .document
        case CMARK_NODE_BLOCK_QUOTE: .blockQuote
        case CMARK_NODE_LIST: .list
        case CMARK_NODE_ITEM: .item
        case CMARK_NODE_CODE_BLOCK: .codeBlock
        case CMARK_NODE_HTML_BLOCK: .htmlBlock
        case CMARK_NODE_PARAGRAPH: .paragraph
        case CMARK_NODE_HEADING: .heading
        case CMARK_NODE_THEMATIC_BREAK: .thematicBreak
        case CMARK_NODE_TEXT: .text
        case CMARK_NODE_SOFTBREAK: .softBreak
        case CMARK_NODE_LINEBREAK: .lineBreak
        case CMARK_NODE_CODE: .code
        case CMARK_NODE_HTML_INLINE: .htmlInline
        case CMARK_NODE_EMPH: .emphasis
        case CMARK_NODE_STRONG: .strong
        case CMARK_NODE_LINK: .link
        case CMARK_NODE_IMAGE: .image
        default: .other
        }
    }

    /// File line where the node starts.
    var line: Int { Int(cmark_node_get_start_line(pointer)) + lineOffset }
    var column: Int { Int(cmark_node_get_start_column(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) + lineOffset }

    /// Text of a text, code, HTML or code block node.
    var literal: String { Self.string(cmark_node_get_literal(pointer)) }
    /// The bytes of ``literal``, read in place (valid while the document lives).
    var literalBytes: UnsafeBufferPointer<UInt8> { Self.bytes(cmark_node_get_literal(pointer)) }
    /// The bytes of a fenced code block's info string, read in place.
    var fenceInfoBytes: UnsafeBufferPointer<UInt8> { Self.bytes(cmark_node_get_fence_info(pointer)) }
    /// A link's destination or an image's source.
    var url: String { Self.string(cmark_node_get_url(pointer)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
    var isOrderedList: Bool { cmark_node_get_list_type(pointer) == CMARK_ORDERED_LIST }
    var listStart: Int { Int(cmark_node_get_list_start(pointer)) }
    var isTightList: Bool { cmark_node_get_list_tight(pointer) != 0 }

    /// The node's children in order; at the nesting limit, every leaf below it instead.
    var children: Children { Children(parent: self) }

    /// How many children ``children`` yields (0 when it flattens: unknown until walked), so that
    /// arrays built from them are allocated once instead of grown.
    var childCapacity: Int {
        guard depth < CmarkDocument.nestingLimit - 1 else { return 0 }
        var count = 0
        var child = cmark_node_first_child(pointer)
        while let current = child {
            count += 1
            child = cmark_node_next(current)
        }
        return count
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func bytes(_ pointer: UnsafePointer<CChar>?) -> UnsafeBufferPointer<UInt8> {
        guard let pointer else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
    }

    fileprivate static func isLeaf(_ pointer: OpaquePointer) -> Bool {
        switch cmark_node_get_type(pointer) {
        case CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_TEXT, CMARK_NODE_SOFTBREAK,
             CMARK_NODE_LINEBREAK, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
            true
        default:
            false
        }
    }

    /// Children without an array: siblings one after another, or at the nesting limit a
    /// depth-first walk that yields only leaves.
    struct Children: Sequence, IteratorProtocol {
        let parent: CmarkNode
        private var upcoming: OpaquePointer?
        private let flattens: Bool

        init(parent: CmarkNode) {
            self.parent = parent
            flattens = parent.depth >= CmarkDocument.nestingLimit - 1
            upcoming = cmark_node_first_child(parent.pointer)
        }

        mutating func next() -> CmarkNode? {
            guard flattens else {
                guard let current = upcoming else { return nil }
                upcoming = cmark_node_next(current)
                return CmarkNode(pointer: current, depth: parent.depth + 1, lineOffset: parent.lineOffset)
            }
            while let current = upcoming {
                upcoming = successor(of: current)
                if CmarkNode.isLeaf(current) {
                    return CmarkNode(pointer: current, depth: parent.depth + 1, lineOffset: parent.lineOffset)
                }
            }
            return nil
        }

        /// Document order below `parent`: first child, else next sibling, else an ancestor's next sibling.
        private func successor(of node: OpaquePointer) -> OpaquePointer? {
            if !CmarkNode.isLeaf(node), let child = cmark_node_first_child(node) { return child }
            var current = node
            while current != parent.pointer {
                if let sibling = cmark_node_next(current) { return sibling }
                guard let up = cmark_node_parent(current) else { return nil }
                current = up
            }
            return nil
        }
    }
}
