/// Finds which simple checksum a field holds, and verifies it.
///
/// Every algorithm covers the whole message with the checksum field's bytes taken as zero.
public enum ChecksumLearner {
    /// The algorithm that verifies on at least 95 % of the messages, if any.
    static func find(field f: InferredField, _ payloads: [ByteSlice]) -> GrammarNode.ChecksumAlgorithm? {
        for alg in GrammarNode.ChecksumAlgorithm.allCases where width(alg) == f.length {
            var ok = 0
            for p in payloads where verify(alg, p, offset: f.offset, bigEndian: f.endianness != .little) { ok += 1 }
            if Double(ok) >= 0.95 * Double(payloads.count) && payloads.count >= 2 { return alg }
        }
        return nil
    }

    public static func width(_ a: GrammarNode.ChecksumAlgorithm) -> Int {
        switch a {
        case .sum8, .xor8: return 1
        case .internet16: return 2
        case .crc32: return 4
        }
    }

    /// True when the field at `offset` holds `a` of the message.
    public static func verify(_ a: GrammarNode.ChecksumAlgorithm, _ p: ByteSlice, offset: Int, bigEndian: Bool) -> Bool {
        let w = width(a)
        guard offset >= 0, offset + w <= p.count else { return false }
        var stored: UInt64 = 0
        for i in 0..<w { stored = stored << 8 | UInt64(p[offset + (bigEndian ? i : w - 1 - i)]) }
        return compute(a, p, skip: offset..<(offset + w)) == stored
    }

    public static func compute(_ a: GrammarNode.ChecksumAlgorithm, _ p: ByteSlice, skip: Range<Int>) -> UInt64 {
        switch a {
        case .sum8:
            var s: UInt8 = 0
            for i in 0..<p.count where !skip.contains(i) { s &+= p[i] }
            return UInt64(s)
        case .xor8:
            var s: UInt8 = 0
            for i in 0..<p.count where !skip.contains(i) { s ^= p[i] }
            return UInt64(s)
        case .internet16:
            var sum: UInt32 = 0
            var i = 0
            while i < p.count {
                let hi = skip.contains(i) ? 0 : UInt32(p[i])
                let lo = i + 1 < p.count ? (skip.contains(i + 1) ? 0 : UInt32(p[i + 1])) : 0
                sum += hi << 8 | lo
                i += 2
            }
            while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
            return UInt64(~sum & 0xFFFF)
        case .crc32:
            var c: UInt32 = 0xFFFF_FFFF
            for i in 0..<p.count {
                let b: UInt8 = skip.contains(i) ? 0 : p[i]
                c ^= UInt32(b)
                for _ in 0..<8 { c = (c >> 1) ^ (0xEDB8_8320 & (0 &- (c & 1))) }
            }
            return UInt64(~c)
        }
    }
}
