import QbitelEngine

/// Keys that identify a message type across discovery runs of the same capture.
///
/// Run-local ids (`T1`, `T2`) follow first appearance and can shift when a re-run splits or merges clusters, so
/// annotations are keyed by what does not depend on numbering: the type's clustering rule (what makes its messages
/// alike) and, as a fallback, its anchor — the first message of the capture that belongs to it.
public enum TypeSignature {
    /// The rule text with whitespace normalised; a rule shared by several types gets its anchor appended.
    public static func signatures(for types: [MessageTypeInfo], anchors: [String: Int]) -> [String: String] {
        var base: [String: String] = [:]
        var uses: [String: Int] = [:]
        for t in types {
            let s = normalise(t.rule)
            base[t.id] = s
            uses[s, default: 0] += 1
        }
        var out: [String: String] = [:]
        for t in types {
            let s = base[t.id] ?? ""
            out[t.id] = (uses[s] ?? 0) > 1 || s.isEmpty ? "\(s)@\(anchors[t.id] ?? -1)" : s
        }
        return out
    }

    /// The first message index of each type, in one pass.
    public static func anchors(of messages: [MessageInference]) -> [String: Int] {
        var out: [String: Int] = [:]
        for m in messages where out[m.typeID] == nil || m.messageIndex < out[m.typeID]! {
            out[m.typeID] = m.messageIndex
        }
        return out
    }

    static func normalise(_ rule: String) -> String {
        rule.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}
