/// What a length field counts.
public enum LengthTarget: String, Sendable, Codable, Equatable {
    /// The whole message.
    case total
    /// The bytes after the length field up to the end of the message.
    case remainingAfterField
    /// The bytes right after the field, up to a point inside the message (a length-prefixed value or TLV).
    case following
}

/// How a length field's value maps to bytes: `covered = value + adjustment`, counted as `target` says.
public struct LengthRelation: Sendable, Codable, Equatable {
    public var target: LengthTarget
    public var adjustment: Int
    /// 1, 2 or 4 bytes.
    public var size: Int
    public var endianness: Endianness

    public init(target: LengthTarget, adjustment: Int, size: Int, endianness: Endianness) {
        self.target = target
        self.adjustment = adjustment
        self.size = size
        self.endianness = endianness
    }

    /// "u16be = remaining length − 4".
    public var description: String {
        let t: String
        switch target {
        case .total: t = "message length"
        case .remainingAfterField: t = "remaining length"
        case .following: t = "following bytes"
        }
        let e = size == 1 ? "" : (endianness == .big ? "be" : "le")
        // value + adjustment = covered  ⇔  value = covered − adjustment
        let adj = adjustment == 0 ? "" : (adjustment > 0 ? " − \(adjustment)" : " + \(-adjustment)")
        return "u\(size * 8)\(e) = \(t)\(adj)"
    }
}
