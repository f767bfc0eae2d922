/// Names a message type (or one part of a split type) the way annotations do, so that it can be found again on a
/// later run: its `TypeSignature`, its anchor message, and the split part.
///
/// Used for the type a merged type was merged into.
public struct TypeReference: Sendable, Codable, Hashable {
    public var typeSignature: String
    public var anchorMessage: Int
    /// The part of a split type (the byte value as two hex digits, or `short`); empty for a whole type.
    public var subtype: String

    public init(typeSignature: String, anchorMessage: Int = -1, subtype: String = "") {
        self.typeSignature = typeSignature
        self.anchorMessage = anchorMessage
        self.subtype = subtype
    }
}
