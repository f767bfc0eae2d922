/// Analysts' names placed on a grammar: type names, and field names by the field's byte offset in its type.
///
/// Field names become grammar identifiers (`GrammarNames.identifier`), stay unique within their type, and every
/// reference to a renamed field (a length or a count taken from it) follows, so the grammar still compiles. The
/// exporters sanitise again for their own languages; a name never enters generated code as typed.
public struct GrammarRenames: Sendable, Equatable {
    /// Type id (`T3`) → name.
    public var typeNames: [String: String]
    /// Type id → byte offset of a top-level field → name.
    public var fieldNames: [String: [Int: String]]

    public init(typeNames: [String: String] = [:], fieldNames: [String: [Int: String]] = [:]) {
        self.typeNames = typeNames
        self.fieldNames = fieldNames
    }

    public var isEmpty: Bool { typeNames.isEmpty && fieldNames.isEmpty }

    /// `grammar` with the names applied; names for types or offsets the grammar does not have are ignored.
    public func apply(to grammar: Grammar) -> Grammar {
        var g = grammar
        for t in g.types.indices {
            let id = g.types[t].id
            if let n = typeNames[id] { g.types[t].name = n.isEmpty ? nil : n }
            guard let fields = fieldNames[id], !fields.isEmpty else { continue }
            var renames: [String: String] = [:]
            var off = 0
            for node in g.types[t].nodes {
                if node.kind == .field, let wanted = fields[off], !wanted.isEmpty {
                    renames[node.name] = GrammarNames.identifier(wanted, fallback: "f\(off)")
                }
                guard node.kind == .field, let w = node.terminal?.fixedWidth else { break }
                off += w
            }
            guard !renames.isEmpty else { continue }
            // Keep names unique: a wanted name that another element already uses gets the offset appended.
            let untouched = Set(Self.allNames(g.types[t].nodes)).subtracting(renames.keys)
            var taken = untouched
            for old in renames.keys.sorted() {
                var new = renames[old]!
                if taken.contains(new) { new += "_\(old)" }
                taken.insert(new)
                renames[old] = new
            }
            g.types[t].nodes = Self.rename(g.types[t].nodes, renames)
        }
        return g
    }

    static func allNames(_ nodes: [GrammarNode]) -> [String] {
        nodes.flatMap { n in [n.name] + allNames(n.body ?? []) + (n.choices ?? []).flatMap(allNames) }
    }

    /// Renames the top-level fields in `map` and every reference to them, at any depth.
    static func rename(_ nodes: [GrammarNode], _ map: [String: String], topLevel: Bool = true) -> [GrammarNode] {
        nodes.map { node in
            var n = node
            if topLevel, n.kind == .field, let new = map[n.name] { n.name = new }
            if let from = n.terminal?.lengthFrom, let new = map[from] { n.terminal?.lengthFrom = new }
            if let from = n.countFrom, let new = map[from] { n.countFrom = new }
            if let b = n.body { n.body = rename(b, map, topLevel: false) }
            if let cs = n.choices { n.choices = cs.map { rename($0, map, topLevel: false) } }
            return n
        }
    }
}

extension GrammarRenames {
    /// `discovery` with the same names on its types and their fields (the JSON export shows them).
    public func apply(to discovery: DiscoveryResult) -> DiscoveryResult {
        var d = discovery
        for i in d.types.indices {
            let id = d.types[i].id
            if let n = typeNames[id] { d.types[i].name = n.isEmpty ? nil : n }
            guard let fields = fieldNames[id] else { continue }
            for j in d.types[i].fields.indices {
                if let n = fields[d.types[i].fields[j].offset], !n.isEmpty { d.types[i].fields[j].name = n }
            }
        }
        return d
    }
}
