/// What one detector believes a field is, and how sure it is.
///
/// `confidence` is meant to read as a probability: on synthetic data where the truth is known, findings at 0.9 are
/// right about nine times in ten, and random bytes stay well under 0.5 (see the Semantics tests).
public struct SemanticFinding: Sendable, Equatable {
    public var kind: FieldKind
    /// In [0, 1].
    public var confidence: Double
    public var endianness: Endianness?
    /// What the detector saw, for the field table and the copilot: "u16be = remaining length + 0 (98% of 412)".
    public var note: String
    /// Set for `.length`: what the value measures.
    public var lengthRelation: LengthRelation?
    /// Set for `.checksum`: the algorithm and the bytes it covers.
    public var checksum: ChecksumSpec?
    /// Set for `.timestamp`: epoch and resolution.
    public var timestampEncoding: TimestampEncoding?

    public init(kind: FieldKind, confidence: Double, endianness: Endianness? = nil, note: String,
                lengthRelation: LengthRelation? = nil, checksum: ChecksumSpec? = nil,
                timestampEncoding: TimestampEncoding? = nil) {
        self.kind = kind
        self.confidence = Swift.min(1, Swift.max(0, confidence.isNaN ? 0 : confidence))
        self.endianness = endianness
        self.note = note
        self.lengthRelation = lengthRelation
        self.checksum = checksum
        self.timestampEncoding = timestampEncoding
    }

    /// The finding as a field of the discovery result.
    public func inferredField(offset: Int, length: Int, name: String? = nil) -> InferredField {
        InferredField(offset: offset, length: length, kind: kind, confidence: confidence, name: name,
                      endianness: endianness, note: note)
    }
}
