/// The shape of a type-length-value item: how wide the type and length are and what the length counts.
public struct TLVLayout: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 0 for plain length-value runs (length-prefixed items without a type).
    public var typeSize: Int
    public var lengthSize: Int
    public var endianness: Endianness
    /// True when the length counts the whole item (type and length included), false when it counts the value only.
    public var lengthIncludesHeader: Bool

    public init(typeSize: Int, lengthSize: Int, endianness: Endianness, lengthIncludesHeader: Bool) {
        self.typeSize = typeSize
        self.lengthSize = lengthSize
        self.endianness = endianness
        self.lengthIncludesHeader = lengthIncludesHeader
    }

    public var headerSize: Int { typeSize + lengthSize }

    /// Layouts worth trying: type 0–2 bytes, length 1–2 bytes, both byte orders, both length meanings.
    public static let common: [TLVLayout] = {
        var out: [TLVLayout] = []
        for t in [1, 2, 0] {
            for l in [1, 2] {
                for e in l == 1 && t <= 1 ? [Endianness.big] : [.big, .little] {
                    for inc in [false, true] { out.append(TLVLayout(typeSize: t, lengthSize: l, endianness: e, lengthIncludesHeader: inc)) }
                }
            }
        }
        return out
    }()

    public var description: String {
        let e = (lengthSize > 1 || typeSize > 1) ? (endianness == .big ? "be" : "le") : ""
        return "T\(typeSize)L\(lengthSize)\(e)\(lengthIncludesHeader ? " (length counts header)" : "")"
    }
}

/// One item of a TLV chain, offsets in the message.
public struct TLVItem: Sendable, Equatable {
    public var offset: Int
    public var type: UInt16
    public var valueOffset: Int
    public var valueLength: Int

    public init(offset: Int, type: UInt16, valueOffset: Int, valueLength: Int) {
        self.offset = offset
        self.type = type
        self.valueOffset = valueOffset
        self.valueLength = valueLength
    }

    public var end: Int { valueOffset + valueLength }
}

/// A run of TLV items that tiles a region exactly.
public struct TLVChain: Sendable, Equatable {
    public var layout: TLVLayout
    public var items: [TLVItem]
    public var confidence: Double

    public init(layout: TLVLayout, items: [TLVItem], confidence: Double) {
        self.layout = layout
        self.items = items
        self.confidence = confidence
    }

    /// The offsets where items and values start and end: the boundaries the chain pins.
    public var boundaries: [Int] {
        var b: [Int] = []
        for i in items {
            b.append(i.offset)
            if layout.typeSize > 0 { b.append(i.offset + layout.typeSize) }
            b.append(i.valueOffset)
        }
        if let last = items.last { b.append(last.end) }
        return b
    }
}
