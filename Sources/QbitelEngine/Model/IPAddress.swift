/// An IPv4 or IPv6 address, held inline (no heap array) so decoding a frame allocates nothing.
///
/// Up to 16 bytes are packed big-endian into two words plus a length; `bytes` gives them back as an array for
/// display and JSON. Ordering is lexicographic over the bytes, as before.
public struct IPAddress: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// Bytes 0–7, big-endian, zero-padded.
    private var high: UInt64
    /// Bytes 8–15, big-endian, zero-padded.
    private var low: UInt64
    /// How many bytes are meaningful (0, 4 or 16 for real addresses; at most 16).
    private var length: UInt8

    /// Builds an address from up to 16 bytes (extra bytes are ignored).
    public init(_ bytes: [UInt8]) {
        var h: UInt64 = 0, l: UInt64 = 0
        let n = Swift.min(bytes.count, 16)
        for i in 0..<n {
            if i < 8 { h |= UInt64(bytes[i]) << (56 - 8 * UInt64(i)) } else { l |= UInt64(bytes[i]) << (56 - 8 * UInt64(i - 8)) }
        }
        high = h
        low = l
        length = UInt8(n)
    }

    /// An IPv4 address from its 32-bit network-order value.
    @inlinable public init(ipv4 value: UInt32) {
        self.init(packedHigh: UInt64(value) << 32, low: 0, length: 4)
    }

    /// An IPv6 address from its two 64-bit network-order halves.
    @inlinable public init(ipv6High high: UInt64, low: UInt64) {
        self.init(packedHigh: high, low: low, length: 16)
    }

    @usableFromInline init(packedHigh: UInt64, low: UInt64, length: UInt8) {
        self.high = packedHigh
        self.low = low
        self.length = length
    }

    /// The address bytes (4 for IPv4, 16 for IPv6, empty for pseudo flows).
    public var bytes: [UInt8] {
        get {
            var out = [UInt8]()
            out.reserveCapacity(Int(length))
            for i in 0..<Int(length) {
                out.append(i < 8 ? UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(i)))
                                 : UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(i - 8))))
            }
            return out
        }
        set { self = IPAddress(newValue) }
    }

    public var isV6: Bool { length == 16 }

    /// The packed halves, for cheap flow-table hashing.
    var words: (UInt64, UInt64) { (high, low) }

    public var description: String {
        let b = bytes
        if b.count == 4 { return b.map(String.init).joined(separator: ".") }
        if b.count == 16 {
            var groups: [String] = []
            for i in stride(from: 0, to: 16, by: 2) {
                groups.append(String(UInt16(b[i]) << 8 | UInt16(b[i + 1]), radix: 16))
            }
            return groups.joined(separator: ":")
        }
        return b.isEmpty ? "-" : b.map { String($0, radix: 16) }.joined(separator: ".")
    }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        (a.high, a.low, a.length) < (b.high, b.low, b.length)
    }

    private enum CodingKeys: String, CodingKey { case bytes }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decode([UInt8].self, forKey: .bytes))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bytes, forKey: .bytes)
    }
}
