/// A string preceded by its length, found inside a message.
public struct LengthPrefixedString: Sendable, Equatable {
    /// Offset of the length prefix.
    public var offset: Int
    public var prefixSize: Int
    public var endianness: Endianness
    /// Bytes of text after the prefix.
    public var textLength: Int

    public init(offset: Int, prefixSize: Int, endianness: Endianness, textLength: Int) {
        self.offset = offset
        self.prefixSize = prefixSize
        self.endianness = endianness
        self.textLength = textLength
    }

    /// Offset just after the text: a field boundary.
    public var end: Int { offset + prefixSize + textLength }
}
