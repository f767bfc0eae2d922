/// An integer at a fixed offset of a message type whose value tracks the length of the message or of what follows.
public struct LengthFieldCandidate: Sendable, Equatable {
    public var offset: Int
    public var relation: LengthRelation
    /// Share of the messages whose value matched exactly.
    public var matchRate: Double
    /// How many different lengths were matched: one length proves little, many prove a lot.
    public var distinctLengths: Int
    public var confidence: Double

    public init(offset: Int, relation: LengthRelation, matchRate: Double, distinctLengths: Int, confidence: Double) {
        self.offset = offset
        self.relation = relation
        self.matchRate = matchRate
        self.distinctLengths = distinctLengths
        self.confidence = confidence
    }

    public var size: Int { relation.size }
    public var endianness: Endianness { relation.endianness }

    /// The end of the bytes this field measures in `message`, or nil when the field is not inside it.
    public func coveredEnd(in payload: ByteSlice) -> Int? {
        guard offset >= 0, offset + size <= payload.count else { return nil }
        var v = 0
        for i in 0..<size {
            let b = Int(payload[offset + (endianness == .big ? i : size - 1 - i)])
            v = v << 8 | b
        }
        switch relation.target {
        case .total: return v + relation.adjustment
        case .remainingAfterField, .following: return offset + size + v + relation.adjustment
        }
    }
}
