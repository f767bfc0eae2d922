/// A typed value class: what one field of a message may hold.
///
/// The parser matches a terminal by its class (width, delimiter, given length), never by the list of values seen,
/// so a grammar generalises to messages it was not learned from; the learned value sets and ranges are used for
/// likelihoods and for STRICT validation.
public struct GrammarTerminal: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Exactly these bytes.
        case constant
        /// An unsigned integer of `width` bytes whose values follow `values` (with an "other" mass for unseen ones).
        case enumeration
        /// An unsigned integer of `width` bytes, learned between `minimum` and `maximum`.
        case integer
        /// A string whose length is an unsigned integer prefix of `width` bytes.
        case lengthPrefixedString = "lpstring"
        /// A string that runs up to and including `delimiter`.
        case delimitedString = "dstring"
        /// Opaque bytes: `width` of them, a length taken from an earlier field, or up to the end.
        case bytes
    }

    /// One value of an enumeration with its probability.
    public struct EnumValue: Sendable, Codable, Equatable {
        public var value: UInt64
        public var probability: Double
        public init(value: UInt64, probability: Double) {
            self.value = value
            self.probability = probability
        }
    }

    public var kind: Kind
    /// Bytes of a constant, integer, enumeration or fixed `bytes`; the prefix width of an `lpstring`.
    public var width: Int?
    public var endianness: Endianness?
    /// Lower-case hex of a constant.
    public var constantHex: String?
    public var values: [EnumValue]?
    /// Probability of an enumeration value outside `values`.
    public var otherProbability: Double?
    public var minimum: UInt64?
    public var maximum: UInt64?
    /// Lower-case hex of a string delimiter.
    public var delimiterHex: String?
    /// For `bytes`: the name of an earlier integer field that gives the length.
    public var lengthFrom: String?
    /// Added to the value of `lengthFrom` to get the byte count.
    public var lengthAdjust: Int?
    /// For `bytes`: runs up to the end of the message.
    public var toEnd: Bool?
    /// For an enumeration that tells its type apart from others: only the learned values match.
    public var closed: Bool?

    public init(kind: Kind, width: Int? = nil, endianness: Endianness? = nil) {
        self.kind = kind
        self.width = width
        self.endianness = endianness
    }

    public static func constant(_ bytes: [UInt8]) -> GrammarTerminal {
        var t = GrammarTerminal(kind: .constant, width: bytes.count)
        t.constantHex = Hex.encode(bytes)
        return t
    }

    public static func enumeration(width: Int, endianness: Endianness, values: [EnumValue], other: Double) -> GrammarTerminal {
        var t = GrammarTerminal(kind: .enumeration, width: width, endianness: endianness)
        t.values = values
        t.otherProbability = other
        return t
    }

    public static func integer(width: Int, endianness: Endianness, minimum: UInt64, maximum: UInt64) -> GrammarTerminal {
        var t = GrammarTerminal(kind: .integer, width: width, endianness: endianness)
        t.minimum = minimum
        t.maximum = maximum
        return t
    }

    public static func lengthPrefixedString(prefixWidth: Int, endianness: Endianness) -> GrammarTerminal {
        GrammarTerminal(kind: .lengthPrefixedString, width: prefixWidth, endianness: endianness)
    }

    public static func delimitedString(_ delimiter: [UInt8]) -> GrammarTerminal {
        var t = GrammarTerminal(kind: .delimitedString)
        t.delimiterHex = Hex.encode(delimiter)
        return t
    }

    public static func fixedBytes(_ n: Int) -> GrammarTerminal { GrammarTerminal(kind: .bytes, width: n) }

    public static func bytes(lengthFrom field: String, adjust: Int = 0) -> GrammarTerminal {
        var t = GrammarTerminal(kind: .bytes)
        t.lengthFrom = field
        t.lengthAdjust = adjust
        return t
    }

    public static var bytesToEnd: GrammarTerminal {
        var t = GrammarTerminal(kind: .bytes)
        t.toEnd = true
        return t
    }

    public var constantBytes: [UInt8] { Hex.decode(constantHex ?? "") ?? [] }
    public var delimiterBytes: [UInt8] { Hex.decode(delimiterHex ?? "") ?? [] }
    public var isBigEndian: Bool { endianness != .little }
    /// True for terminals that decode to an unsigned integer another element can refer to.
    public var isInteger: Bool { kind == .enumeration || kind == .integer }
    /// Fixed byte width, when the terminal has one.
    public var fixedWidth: Int? {
        switch kind {
        case .constant, .enumeration, .integer: return width
        case .bytes: return (lengthFrom == nil && toEnd != true) ? width : nil
        default: return nil
        }
    }
}

/// Lower-case hex without separators, for grammar documents.
public enum Hex {
    public static func encode(_ bytes: [UInt8]) -> String {
        let d = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(d[Int(b >> 4)]); out.append(d[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        guard u.count % 2 == 0 else { return nil }
        func nib(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(u.count / 2)
        var i = 0
        while i < u.count {
            guard let a = nib(u[i]), let b = nib(u[i + 1]) else { return nil }
            out.append(a << 4 | b)
            i += 2
        }
        return out
    }
}
