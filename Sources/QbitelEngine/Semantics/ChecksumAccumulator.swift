/// A checksum taken over byte strings fed in order, as if they were one.
struct ChecksumAccumulator {
    let algorithm: ChecksumAlgorithm
    private let parameters: ChecksumAlgorithm.CRCParameters?
    private let table: [UInt32]
    private var crc: UInt32
    private var sum: UInt32 = 0
    private var odd: UInt8? = nil
    private var byte: UInt8 = 0

    init(_ algorithm: ChecksumAlgorithm) {
        self.algorithm = algorithm
        parameters = algorithm.crcParameters
        table = CRCTables.table(for: algorithm)
        crc = parameters?.initial ?? 0
    }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if let p = parameters {
            var c = crc
            table.withUnsafeBufferPointer { t in
                if p.reflected {
                    for b in bytes { c = (c >> 8) ^ t[Int((c ^ UInt32(b)) & 0xFF)] }
                } else {
                    let shift = UInt32(p.width - 8)
                    let mask: UInt32 = p.width == 32 ? 0xFFFF_FFFF : 0xFFFF
                    for b in bytes { c = ((c << 8) & mask) ^ t[Int(((c >> shift) ^ UInt32(b)) & 0xFF)] }
                }
            }
            crc = c
            return
        }
        switch algorithm {
        case .internet:
            for b in bytes {
                if let hi = odd { sum &+= UInt32(hi) << 8 | UInt32(b); odd = nil } else { odd = b }
            }
        case .sum8, .lrc8:
            for b in bytes { byte &+= b }
        case .xor8:
            for b in bytes { byte ^= b }
        default:
            break
        }
    }

    var value: UInt32 {
        if let p = parameters {
            return (crc ^ p.xorOut) & (p.width == 32 ? 0xFFFF_FFFF : 0xFFFF)
        }
        switch algorithm {
        case .internet:
            var s = sum
            if let hi = odd { s &+= UInt32(hi) << 8 }
            while s > 0xFFFF { s = (s & 0xFFFF) + (s >> 16) }
            return ~s & 0xFFFF
        case .sum8: return UInt32(byte)
        case .lrc8: return UInt32(0 &- byte)
        case .xor8: return UInt32(byte)
        default: return 0
        }
    }
}
