/// How much is checked. Each level includes the ones before it.
public enum ValidationLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// Sizes and bounds: the message is not empty and its length is one the grammar's types allow.
    case basic
    /// Plus: the message parses under the grammar.
    case standard
    /// Plus semantics: length fields agree, checksums verify, counters advance, enumerations stay in their sets.
    case strict
    /// Plus the user's own rules from a rules file.
    case enterprise

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: ValidationLevel, b: ValidationLevel) -> Bool { a.rank < b.rank }
}
