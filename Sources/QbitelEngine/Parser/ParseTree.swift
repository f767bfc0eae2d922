/// One element of a parse: a terminal field with its bytes and decoded integer, or a group event.
///
/// Kept to five machine words so a parse allocates one small array; names and paths live once in the parser
/// (`GrammarParser.nodes`).
public struct ParsedField: Sendable, Equatable {
    /// Index into `GrammarParser.nodes`.
    public var node: Int32
    public var offset: Int32
    public var length: Int32
    /// Integer fields: the value. Groups: presence (optional), count (repeated), branch (alternatives).
    public var value: UInt64
    /// True when `value` holds a decoded integer.
    public var hasValue: Bool
    /// True for group events, which carry no bytes of their own.
    public var isGroup: Bool

    public var end: Int { Int(offset) + Int(length) }
}

/// The parse of one message: its type and its fields in order.
public struct ParseTree: Sendable, Equatable {
    /// Index into `Grammar.types`.
    public var typeIndex: Int
    public var typeID: String
    public var length: Int
    public var fields: [ParsedField]

    /// Terminal fields only (no group events).
    public var terminals: [ParsedField] { fields.filter { !$0.isGroup } }
}

/// Why a message did not parse: how far the best type got and what it expected there.
public struct ParseFailure: Sendable, Equatable, Error, CustomStringConvertible {
    public var offset: Int
    public var expected: String
    /// The type that got furthest, if any was tried.
    public var typeID: String?

    public var description: String {
        "at byte \(offset): expected \(expected)" + (typeID.map { " (type \($0))" } ?? "")
    }

    public var error: QbitelError {
        QbitelError(.parseFailed, "message does not parse: expected \(expected)", offset: offset,
                    details: typeID.map { ["type": $0] } ?? [:])
    }
}

/// What the parser knows about one grammar node: for names, paths and decoding.
public struct ParserNodeInfo: Sendable, Equatable {
    public var typeIndex: Int
    public var name: String
    /// `T1/items[]/tag`: the path through the grammar.
    public var path: String
    public var kind: GrammarNode.Kind
    public var terminal: GrammarTerminal?
    public var meaning: FieldKind?
    /// Repeated groups: the field that gives the count.
    public var countFrom: String?
    /// Length fields: message length minus value, when learned.
    public var lengthRelation: Int?
    /// Checksum fields: the learned algorithm.
    public var checksum: GrammarNode.ChecksumAlgorithm?
}
