import QbitelEngine

/// Identifies a field across messages: its type and its offset in the type's layout.
public struct FieldKey: Sendable, Hashable, Codable {
    public var typeID: String
    public var offset: Int

    public init(typeID: String, offset: Int) {
        self.typeID = typeID
        self.offset = offset
    }

    var colorKey: String { "\(typeID)/\(offset)" }
}

/// The analyst's corrections on top of discovery; every edit is one `AnnotationEdit`, undoable.
public struct Annotations: Sendable, Equatable {
    public var typeNames: [String: String] = [:]
    public var fieldNames: [FieldKey: String] = [:]
    public var kindOverrides: [FieldKey: FieldKind] = [:]
    public var comments: [Int: String] = [:]
    public var bookmarks: Set<Int> = []
    /// Type merged into another: `T3 → T1`.
    public var merges: [String: String] = [:]
    /// Types split by the byte value at an offset.
    public var splits: [String: Int] = [:]

    public init() {}

    /// Applies one edit; the caller keeps the previous value for undo.
    public mutating func apply(_ edit: AnnotationEdit) {
        switch edit {
        case .renameType(let t, let n): typeNames[t] = n.isEmpty ? nil : n
        case .renameField(let k, let n): fieldNames[k] = n.isEmpty ? nil : n
        case .changeKind(let k, let kind): kindOverrides[k] = kind
        case .comment(let m, let text): comments[m] = text.isEmpty ? nil : text
        case .bookmark(let m, let on):
            if on { bookmarks.insert(m) } else { bookmarks.remove(m) }
        case .merge(let from, let into): if from != into { merges[from] = into }
        case .split(let t, let offset): splits[t] = offset
        }
    }

    /// A type after merges: follows `from → into` links (cycles stop).
    public func mergedType(_ t: String) -> String {
        var cur = t
        var seen: Set<String> = [t]
        while let n = merges[cur], !seen.contains(n) {
            seen.insert(n)
            cur = n
        }
        return cur
    }
}

/// One analyst action, as saved to the workspace.
public enum AnnotationEdit: Sendable, Equatable {
    case renameType(String, String)
    case renameField(FieldKey, String)
    case changeKind(FieldKey, FieldKind)
    case comment(Int, String)
    case bookmark(Int, Bool)
    case merge(String, into: String)
    case split(String, offset: Int)

    /// One line for the status bar: "renamed T1 to Hello".
    public var summary: String {
        switch self {
        case .renameType(let t, let n): return "type \(t) named '\(n)'"
        case .renameField(let k, let n): return "field \(k.typeID)@\(k.offset) named '\(n)'"
        case .changeKind(let k, let kind): return "field \(k.typeID)@\(k.offset) is now \(kind.rawValue)"
        case .comment(let m, _): return "comment on message \(m + 1)"
        case .bookmark(let m, let on): return on ? "bookmarked message \(m + 1)" : "bookmark removed from message \(m + 1)"
        case .merge(let a, let b): return "type \(a) merged into \(b)"
        case .split(let t, let o): return "type \(t) split by the byte at offset \(o)"
        }
    }
}
