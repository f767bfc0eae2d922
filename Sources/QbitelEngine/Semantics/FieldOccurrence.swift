/// One field in one message, as discovery placed it: the unit every semantic detector looks at.
///
/// It keeps the message (and so its flow, direction and time) next to the field's position, so detectors can check a
/// field against the rest of its message and its flow without copying bytes.
public struct FieldOccurrence: Sendable {
    public var message: Message
    public var offset: Int
    public var length: Int

    public init(message: Message, offset: Int, length: Int) {
        self.message = message
        self.offset = offset
        self.length = length
    }

    /// False when the field does not lie inside its message; detectors skip such occurrences instead of trapping.
    public var isValid: Bool { offset >= 0 && length > 0 && offset + length <= message.length }

    /// The field's bytes, zero-copy. Only call on a valid occurrence.
    public var bytes: ByteSlice { message.payload[offset..<(offset + length)] }

    /// Offset just after the field.
    public var end: Int { offset + length }

    /// The field read as an unsigned integer (first 8 bytes at most).
    public func unsigned(bigEndian: Bool) -> UInt64 {
        let p = message.payload
        let n = Swift.min(length, 8)
        var v: UInt64 = 0
        if bigEndian {
            for i in 0..<n { v = v << 8 | UInt64(p[offset + i]) }
        } else {
            for i in stride(from: n - 1, through: 0, by: -1) { v = v << 8 | UInt64(p[offset + i]) }
        }
        return v
    }
}
