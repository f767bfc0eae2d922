/// The checksums the detector knows: common CRC-16 and CRC-32 variants, the Internet checksum and 8-bit sums.
///
/// Parameters follow the CRC catalogue (width, polynomial, init, reflection, final xor), so a finding names an
/// algorithm an analyst can look up and a dissector can reproduce.
public enum ChecksumAlgorithm: String, Sendable, Codable, CaseIterable {
    case crc16CCITTFalse = "crc16-ccitt-false"
    case crc16XModem = "crc16-xmodem"
    case crc16X25 = "crc16-x25"
    case crc16Kermit = "crc16-kermit"
    case crc16Modbus = "crc16-modbus"
    case crc16ARC = "crc16-arc"
    case crc16DNP = "crc16-dnp"
    case crc32 = "crc32"
    case crc32C = "crc32c"
    case crc32BZIP2 = "crc32-bzip2"
    /// RFC 1071 one's-complement sum of 16-bit words.
    case internet = "internet"
    case sum8 = "sum8"
    case xor8 = "xor8"
    /// Two's complement of the byte sum (the sum of all bytes including the field is 0).
    case lrc8 = "lrc8"

    /// Size of the checksum in bytes.
    public var width: Int {
        switch self {
        case .crc32, .crc32C, .crc32BZIP2: return 4
        case .sum8, .xor8, .lrc8: return 1
        default: return 2
        }
    }

    /// The algorithms whose output fills a field of `size` bytes.
    public static func fitting(size: Int) -> [ChecksumAlgorithm] { allCases.filter { $0.width == size } }

    struct CRCParameters: Sendable {
        var width: Int
        var poly: UInt32
        var initial: UInt32
        var reflected: Bool
        var xorOut: UInt32
    }

    var crcParameters: CRCParameters? {
        switch self {
        case .crc16CCITTFalse: return CRCParameters(width: 16, poly: 0x1021, initial: 0xFFFF, reflected: false, xorOut: 0)
        case .crc16XModem: return CRCParameters(width: 16, poly: 0x1021, initial: 0, reflected: false, xorOut: 0)
        case .crc16X25: return CRCParameters(width: 16, poly: 0x1021, initial: 0xFFFF, reflected: true, xorOut: 0xFFFF)
        case .crc16Kermit: return CRCParameters(width: 16, poly: 0x1021, initial: 0, reflected: true, xorOut: 0)
        case .crc16Modbus: return CRCParameters(width: 16, poly: 0x8005, initial: 0xFFFF, reflected: true, xorOut: 0)
        case .crc16ARC: return CRCParameters(width: 16, poly: 0x8005, initial: 0, reflected: true, xorOut: 0)
        case .crc16DNP: return CRCParameters(width: 16, poly: 0x3D65, initial: 0, reflected: true, xorOut: 0xFFFF)
        case .crc32: return CRCParameters(width: 32, poly: 0x04C1_1DB7, initial: 0xFFFF_FFFF, reflected: true, xorOut: 0xFFFF_FFFF)
        case .crc32C: return CRCParameters(width: 32, poly: 0x1EDC_6F41, initial: 0xFFFF_FFFF, reflected: true, xorOut: 0xFFFF_FFFF)
        case .crc32BZIP2: return CRCParameters(width: 32, poly: 0x04C1_1DB7, initial: 0xFFFF_FFFF, reflected: false, xorOut: 0xFFFF_FFFF)
        default: return nil
        }
    }

    /// The checksum of `parts` taken in order as one byte string.
    public func compute(_ parts: [ByteSlice]) -> UInt32 {
        var acc = ChecksumAccumulator(self)
        for part in parts { acc.add(part.buffer) }
        return acc.value
    }

    /// The checksum of `first` followed by `second`, without building a list of parts (the detector's hot path).
    func compute(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> UInt32 {
        var acc = ChecksumAccumulator(self)
        acc.add(first)
        acc.add(second)
        return acc.value
    }
}

/// Lookup tables for the CRC variants, built once on first use and never changed.
enum CRCTables {
    static func table(for a: ChecksumAlgorithm) -> [UInt32] {
        switch a {
        case .crc16CCITTFalse, .crc16XModem: return ccittNormal
        case .crc16X25, .crc16Kermit: return ccittReflected
        case .crc16Modbus, .crc16ARC: return ibmReflected
        case .crc16DNP: return dnpReflected
        case .crc32: return crc32Reflected
        case .crc32C: return crc32CReflected
        case .crc32BZIP2: return crc32Normal
        default: return []
        }
    }

    static let ccittNormal = normal(poly: 0x1021, width: 16)
    static let ccittReflected = reflected(poly: 0x1021, width: 16)
    static let ibmReflected = reflected(poly: 0x8005, width: 16)
    static let dnpReflected = reflected(poly: 0x3D65, width: 16)
    static let crc32Reflected = reflected(poly: 0x04C1_1DB7, width: 32)
    static let crc32CReflected = reflected(poly: 0x1EDC_6F41, width: 32)
    static let crc32Normal = normal(poly: 0x04C1_1DB7, width: 32)

    static func normal(poly: UInt32, width: Int) -> [UInt32] {
        let top: UInt32 = 1 << UInt32(width - 1)
        let mask: UInt32 = width == 32 ? 0xFFFF_FFFF : (1 << UInt32(width)) - 1
        return (0..<256).map { i -> UInt32 in
            var c = UInt32(i) << UInt32(width - 8)
            for _ in 0..<8 { c = (c & top) != 0 ? ((c << 1) ^ poly) & mask : (c << 1) & mask }
            return c
        }
    }

    static func reflected(poly: UInt32, width: Int) -> [UInt32] {
        var r: UInt32 = 0
        for i in 0..<width where poly & (1 << UInt32(i)) != 0 { r |= 1 << UInt32(width - 1 - i) }
        return (0..<256).map { i -> UInt32 in
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ r : c >> 1 }
            return c
        }
    }
}
