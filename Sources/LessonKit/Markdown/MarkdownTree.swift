import CCmark

/// A CommonMark syntax tree copied out of libcmark, so no C memory outlives parsing.
struct MarkdownNode {
    enum Kind {
        case document
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case paragraph
        case heading(level: Int)
        case thematicBreak
        case text(String)
        case softBreak
        case lineBreak
        case code(String)
        case htmlInline(String)
        case emphasis
        case strong
        case link(destination: String)
        case image(source: String)
        case other
    }

    var kind: Kind
    var line: Int
    var column: Int
    var endLine: Int
    var children: [MarkdownNode] = []
}

/// Parses markdown with libcmark (the CommonMark reference parser).
enum MarkdownTree {
    /// Containers nested deeper than this are flattened into their parent: nothing a reader
    /// would notice, and it keeps a hostile 100,000-level list from exhausting the stack.
    static let nestingLimit = 48

    static func parse(_ text: String) -> MarkdownNode {
        let root: OpaquePointer = text.withCString { cmark_parse_document($0, text.utf8.count, CMARK_OPT_DEFAULT) }
        defer { cmark_node_free(root) }
        guard let iterator = cmark_iter_new(root) else {
            return MarkdownNode(kind: .document, line: 1, column: 1, endLine: 1)
        }
        defer { cmark_iter_free(iterator) }

        var stack: [MarkdownNode] = []
        var flattened = 0
        var result = MarkdownNode(kind: .document, line: 1, column: 1, endLine: 1)
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let isLeaf = Self.isLeaf(cmark_node_get_type(node))
            if event == CMARK_EVENT_ENTER {
                let converted = convert(node)
                if isLeaf {
                    if stack.isEmpty { result.children.append(converted) } else { stack[stack.count - 1].children.append(converted) }
                } else if stack.count >= nestingLimit {
                    flattened += 1
                } else {
                    stack.append(converted)
                }
            } else if event == CMARK_EVENT_EXIT, !isLeaf {
                if flattened > 0 {
                    flattened -= 1
                    continue
                }
                let finished = stack.removeLast()
                if stack.isEmpty {
                    result = finished
                } else {
                    stack[stack.count - 1].children.append(finished)
                }
            }
        }
        return result
    }

    private static func isLeaf(_ type: cmark_node_type) -> Bool {
        type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_THEMATIC_BREAK
            || type == CMARK_NODE_TEXT || type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK
            || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private static func convert(_ node: OpaquePointer) -> MarkdownNode {
        let type = cmark_node_get_type(node)
        let kind: MarkdownNode.Kind
        switch type {
        case CMARK_NODE_DOCUMENT: kind = .document
        case CMARK_NODE_BLOCK_QUOTE: kind = .blockQuote
        case CMARK_NODE_LIST:
            kind = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)), tight: cmark_node_get_list_tight(node) != 0)
        case CMARK_NODE_ITEM: kind = .item
        case CMARK_NODE_CODE_BLOCK:
            kind = .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_BLOCK: kind = .htmlBlock(string(cmark_node_get_literal(node)))
        case CMARK_NODE_PARAGRAPH: kind = .paragraph
        case CMARK_NODE_HEADING: kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case CMARK_NODE_THEMATIC_BREAK: kind = .thematicBreak
        case CMARK_NODE_TEXT: kind = .text(string(cmark_node_get_literal(node)))
        case CMARK_NODE_SOFTBREAK: kind = .softBreak
        case CMARK_NODE_LINEBREAK: kind = .lineBreak
        case CMARK_NODE_CODE: kind = .code(string(cmark_node_get_literal(node)))
        case CMARK_NODE_HTML_INLINE: kind = .htmlInline(string(cmark_node_get_literal(node)))
        case CMARK_NODE_EMPH: kind = .emphasis
        case CMARK_NODE_STRONG: kind = .strong
        case CMARK_NODE_LINK: kind = .link(destination: string(cmark_node_get_url(node)))
        case CMARK_NODE_IMAGE: kind = .image(source: string(cmark_node_get_url(node)))
        default: kind = .other
        }
        return MarkdownNode(kind: kind, line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)),
                            endLine: Int(cmark_node_get_end_line(node)))
    }
}
