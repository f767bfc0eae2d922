import QbitelEngine

/// One visible row of the grammar pane's tree.
public struct GrammarNode: Sendable, Equatable {
    public var id: String
    public var depth: Int
    public var label: String
    public var probability: Double
    public var hasChildren: Bool
    public var typeID: String?
    /// For field nodes: the field's offset and length in the type's layout.
    public var fieldOffset: Int?
    public var fieldLength: Int?
}

/// The grammar as a collapsible tree: `message ::= T1 | T2 …`, each type a sequence of fields, with probabilities
/// (a type's share of messages, a field's confidence).
public enum GrammarTree {
    public static func rows(_ s: WorkbenchState) -> [GrammarNode] {
        guard let d = s.discovery else { return [] }
        let total = max(1, d.types.reduce(0) { $0 + $1.count })
        // Types after merges: merged-away types add their counts to the survivor.
        var counts: [String: Int] = [:]
        var order: [String] = []
        for t in d.types {
            let m = s.annotations.mergedType(t.id)
            if counts[m] == nil { order.append(m) }
            counts[m, default: 0] += t.count
        }
        var out: [GrammarNode] = [GrammarNode(id: "root", depth: 0, label: "message ::= " + order.map { s.typeLabel($0) }.joined(separator: " | "),
                                              probability: 1, hasChildren: !order.isEmpty)]
        guard s.expanded.contains("root") else { return out }
        for t in order {
            let info = d.types.first { $0.id == t }
            let p = Double(counts[t] ?? 0) / Double(total)
            let fields = typeFields(s, t, info)
            let rule = info.map { " — \($0.rule)" } ?? ""
            out.append(GrammarNode(id: t, depth: 1, label: "\(s.typeLabel(t)) ::= \(fields.count) fields\(rule)",
                                   probability: p, hasChildren: !fields.isEmpty, typeID: t))
            guard s.expanded.contains(t) else { continue }
            for (k, f) in fields.enumerated() {
                let key = FieldKey(typeID: t, offset: f.offset)
                let name = s.annotations.fieldNames[key] ?? f.name ?? "f\(k)"
                let kind = s.annotations.kindOverrides[key] ?? f.kind
                out.append(GrammarNode(id: "\(t)/\(f.offset)", depth: 2,
                                       label: "\(name): \(kind.rawValue)[\(f.length)] @\(f.offset)",
                                       probability: f.confidence, hasChildren: false, typeID: t,
                                       fieldOffset: f.offset, fieldLength: f.length))
            }
        }
        return out
    }

    /// A type's fields: the layout discovery gave, or the fields of its first message.
    static func typeFields(_ s: WorkbenchState, _ t: String, _ info: MessageTypeInfo?) -> [InferredField] {
        if let info, !info.fields.isEmpty { return info.fields }
        guard let d = s.discovery, let first = d.messages.first(where: { s.annotations.mergedType($0.typeID) == t }) else {
            return []
        }
        if !first.fields.isEmpty { return first.fields }
        let b = first.boundaries
        return (0..<max(0, b.count - 1)).compactMap { k in
            b[k + 1] > b[k] ? InferredField(offset: b[k], length: b[k + 1] - b[k], kind: .bytes, confidence: 1) : nil
        }
    }
}
