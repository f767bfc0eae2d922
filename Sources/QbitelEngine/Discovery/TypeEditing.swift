/// Pure edits an analyst makes to a discovery result's types: merge several types into one, or split one type in
/// two by a set of its messages. Messages keep their boundaries; counts and ids stay consistent.
public enum TypeEditing {
    /// Merges `ids` into the first of them (in result order). Unknown ids are ignored; fewer than two known ids
    /// return the result unchanged.
    public static func merge(_ result: DiscoveryResult, ids: [String]) -> DiscoveryResult {
        let wanted = Set(ids)
        let known = result.types.filter { wanted.contains($0.id) }
        guard known.count >= 2, let target = known.first else { return result }
        var out = result
        var moved = 0
        for k in out.messages.indices where wanted.contains(out.messages[k].typeID) {
            out.messages[k].typeID = target.id
            moved += 1
        }
        out.types = result.types.compactMap { t in
            if t.id == target.id {
                var m = t
                m.count = moved
                m.confidence = known.map(\.confidence).min() ?? t.confidence
                m.rule = "merged: " + known.map(\.id).joined(separator: " + ")
                return m
            }
            return wanted.contains(t.id) ? nil : t
        }
        return out
    }

    /// Moves the messages with `messageIndices` (capture indices) out of type `id` into a new type, named with the
    /// next free `T<n>` id. Messages not in `id` are ignored; an empty or whole selection returns the result unchanged.
    public static func split(_ result: DiscoveryResult, id: String, messageIndices: Set<Int>,
                             rule: String = "split by analyst") -> DiscoveryResult {
        guard let t = result.types.first(where: { $0.id == id }) else { return result }
        let selected = result.messages.filter { $0.typeID == id && messageIndices.contains($0.messageIndex) }.count
        guard selected > 0, selected < t.count else { return result }
        var next = result.types.count + 1
        let used = Set(result.types.map(\.id))
        while used.contains("T\(next)") { next += 1 }
        let newID = "T\(next)"
        var out = result
        for k in out.messages.indices where out.messages[k].typeID == id && messageIndices.contains(out.messages[k].messageIndex) {
            out.messages[k].typeID = newID
        }
        if let i = out.types.firstIndex(where: { $0.id == id }) { out.types[i].count = t.count - selected }
        out.types.append(MessageTypeInfo(id: newID, count: selected, confidence: t.confidence, rule: rule, fields: t.fields))
        return out
    }
}
