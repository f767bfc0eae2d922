/// Reads classic libpcap files: microsecond and nanosecond magic, either byte order.
public struct PcapFileReader: Sendable {
    public let bytes: ByteSlice
    public let bigEndian: Bool
    public let nanosecond: Bool
    public let linkType: UInt32
    public let snapLength: UInt32

    public static func matches(_ b: ByteSlice) -> Bool {
        guard b.count >= 4 else { return false }
        let m = b.u32le(0)
        return [0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1].contains(m)
    }

    public init(_ bytes: ByteSlice) throws {
        guard bytes.count >= 24 else {
            throw QbitelError(.truncatedHeader, "pcap file header needs 24 bytes, file has \(bytes.count)", offset: 0)
        }
        let m = bytes.u32le(0)
        switch m {
        case 0xA1B2_C3D4: bigEndian = false; nanosecond = false
        case 0xD4C3_B2A1: bigEndian = true; nanosecond = false
        case 0xA1B2_3C4D: bigEndian = false; nanosecond = true
        case 0x4D3C_B2A1: bigEndian = true; nanosecond = true
        default: throw QbitelError(.unknownFormat, "not a pcap file (magic 0x\(String(m, radix: 16)))", offset: 0)
        }
        let major = bytes.u16(4, bigEndian: bigEndian)
        guard major == 2 else {
            throw QbitelError(.unsupportedVersion, "pcap major version \(major) is not 2", offset: 4)
        }
        snapLength = bytes.u32(16, bigEndian: bigEndian)
        linkType = bytes.u32(20, bigEndian: bigEndian) & 0x0FFF_FFFF
        self.bytes = bytes
    }

    /// Calls `body` for each record in order; throws on a record that cannot be framed.
    public func forEachFrame(_ body: (RawFrame) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            var sink = RawFrameSink(bytes: bytes, body: body)
            try read(into: &sink)
        }
    }

    /// The record loop: frames each record, checks its lengths and hands it to `sink`.
    func read<Sink: FrameSink>(into sink: inout Sink) throws {
        var offset = 24
        var number = 0
        let size = bytes.count
        let base = bytes.storage.base + bytes.start
        let bigEndian = self.bigEndian
        // The header checks below bound every read; no per-field range check.
        @inline(__always) func u32(_ o: Int) -> UInt32 {
            let v = base.loadUnaligned(fromByteOffset: o, as: UInt32.self)
            return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
        }
        var ahead = ReadAhead()
        defer { ahead.finish() }
        while offset < size {
            ahead.advance(to: offset, base: base, count: size)
            guard size - offset >= 16 else {
                throw QbitelError(.truncatedHeader, "pcap record header truncated (\(size - offset) of 16 bytes)",
                                  offset: offset)
            }
            let sec = u32(offset)
            let frac = u32(offset + 4)
            let incl = Int(u32(offset + 8))
            let orig = Int(u32(offset + 12))
            if incl > CaptureLimits.maxRecordLength {
                throw QbitelError(.recordTooLarge, "pcap record length \(incl) exceeds the 256 KiB limit", offset: offset + 8)
            }
            if incl > size {
                throw QbitelError(.recordTooLarge, "pcap record length \(incl) is larger than the whole file (\(size) bytes)",
                                  offset: offset + 8)
            }
            guard incl <= size - offset - 16 else {
                throw QbitelError(.truncatedRecord, "pcap record of \(incl) bytes runs past the end of the file",
                                  offset: offset)
            }
            number += 1
            let ns = nanosecond ? Swift.min(frac, 999_999_999) : Swift.min(frac, 999_999) * 1000
            try sink.frame(number: number, timestamp: Timestamp(seconds: Int64(sec), nanoseconds: ns), linkType: linkType,
                           start: offset + 16, count: incl, originalLength: orig, fileOffset: offset)
            offset += 16 + incl
        }
    }
}
