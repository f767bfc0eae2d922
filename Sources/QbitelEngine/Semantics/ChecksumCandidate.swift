/// Where a checksum sits in a message type and how it is computed.
public struct ChecksumCandidate: Sendable, Equatable {
    /// Offset from the start, or from the end when `fromEnd` (a trailer in variable-length messages).
    public var offset: Int
    public var fromEnd: Bool
    public var size: Int
    public var spec: ChecksumSpec
    public var confidence: Double
    /// Share of the tested messages the checksum verified on.
    public var matchRate: Double

    public init(offset: Int, fromEnd: Bool, size: Int, spec: ChecksumSpec, confidence: Double, matchRate: Double) {
        self.offset = offset
        self.fromEnd = fromEnd
        self.size = size
        self.spec = spec
        self.confidence = confidence
        self.matchRate = matchRate
    }

    /// The field's start in a message of `length` bytes.
    public func fieldOffset(inMessageOfLength length: Int) -> Int { fromEnd ? length - offset : offset }
}
