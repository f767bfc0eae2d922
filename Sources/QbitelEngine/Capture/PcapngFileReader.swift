/// Reads pcapng: sections in either byte order, interfaces with `if_tsresol`/`if_tsoffset`, EPB, SPB and the
/// obsolete PB. Name resolution, statistics, custom and unknown blocks are skipped by their length.
public struct PcapngFileReader: Sendable {
    public let bytes: ByteSlice

    public static let sectionHeaderType: UInt32 = 0x0A0D_0D0A

    public static func matches(_ b: ByteSlice) -> Bool {
        b.count >= 4 && b.u32le(0) == sectionHeaderType
    }

    public init(_ bytes: ByteSlice) throws {
        guard bytes.count >= 12 else {
            throw QbitelError(.truncatedHeader, "pcapng section header needs at least 12 bytes", offset: 0)
        }
        guard Self.matches(bytes) else { throw QbitelError(.unknownFormat, "not a pcapng file", offset: 0) }
        self.bytes = bytes
    }

    private struct Interface {
        var linkType: UInt32
        var snapLength: Int
        /// Timestamp units per second are 2^exponent when `binary`, else 10^exponent (`if_tsresol`).
        var binary: Bool
        var exponent: UInt8
        var offsetSeconds: Int64
    }

    /// Calls `body` for each packet in order; throws on a block that cannot be framed.
    public func forEachFrame(_ body: (RawFrame) throws -> Void) throws {
        try withoutActuallyEscaping(body) { body in
            var sink = RawFrameSink(bytes: bytes, body: body)
            try read(into: &sink)
        }
    }

    /// The block loop: frames each block, checks its lengths and hands each packet to `sink`.
    func read<Sink: FrameSink>(into sink: inout Sink) throws {
        var offset = 0
        var bigEndian = false
        var interfaces: [Interface] = []
        var number = 0
        var sawSection = false
        var ahead = ReadAhead()
        defer { ahead.finish() }
        let base = bytes.storage.base + bytes.start
        // Every read below lies inside a block whose length was checked against the file first: no range check per
        // field.
        @inline(__always) func u32le(_ o: Int) -> UInt32 {
            UInt32(littleEndian: base.loadUnaligned(fromByteOffset: o, as: UInt32.self))
        }
        @inline(__always) func u32(_ o: Int) -> UInt32 {
            let v = base.loadUnaligned(fromByteOffset: o, as: UInt32.self)
            return bigEndian ? UInt32(bigEndian: v) : UInt32(littleEndian: v)
        }
        @inline(__always) func u16(_ o: Int) -> UInt16 {
            let v = base.loadUnaligned(fromByteOffset: o, as: UInt16.self)
            return bigEndian ? UInt16(bigEndian: v) : UInt16(littleEndian: v)
        }
        while offset < bytes.count {
            ahead.advance(to: offset, base: base, count: bytes.count)
            guard bytes.count - offset >= 12 else {
                throw QbitelError(.truncatedHeader, "pcapng block header truncated", offset: offset)
            }
            let rawType = u32le(offset)
            if rawType == Self.sectionHeaderType {
                guard bytes.count - offset >= 28 else {
                    throw QbitelError(.truncatedHeader, "pcapng section header block truncated", offset: offset)
                }
                switch u32le(offset + 8) {
                case 0x1A2B_3C4D: bigEndian = false
                case 0x4D3C_2B1A: bigEndian = true
                default: throw QbitelError(.unknownFormat, "pcapng byte-order magic is wrong", offset: offset + 8)
                }
                let major = u16(offset + 12)
                guard major == 1 else {
                    throw QbitelError(.unsupportedVersion, "pcapng major version \(major) is not 1", offset: offset + 12)
                }
                interfaces = []
                sawSection = true
            } else if !sawSection {
                throw QbitelError(.unknownFormat, "pcapng file does not start with a section header", offset: offset)
            }
            let type = u32(offset)
            let length = Int(u32(offset + 4))
            guard length >= 12, length % 4 == 0 else {
                throw QbitelError(.badBlockLength, "pcapng block length \(length) is not a multiple of 4 of at least 12",
                                  offset: offset + 4)
            }
            guard length <= bytes.count - offset else {
                throw QbitelError(.badBlockLength, "pcapng block of \(length) bytes runs past the end of the file",
                                  offset: offset + 4)
            }
            guard Int(u32(offset + length - 4)) == length else {
                throw QbitelError(.badBlockLength, "pcapng block trailer disagrees with its length", offset: offset + length - 4)
            }
            let body0 = offset + 8
            let bodyEnd = offset + length - 4
            switch type {
            case 1: // Interface Description Block
                guard bodyEnd - body0 >= 8 else {
                    throw QbitelError(.truncatedRecord, "interface description block too short", offset: offset)
                }
                var iface = Interface(linkType: UInt32(u16(body0)),
                                      snapLength: Int(u32(body0 + 4)),
                                      binary: false, exponent: 6, offsetSeconds: 0)
                var o = body0 + 8
                while o + 4 <= bodyEnd {
                    let code = u16(o)
                    let len = Int(u16(o + 2))
                    if code == 0 { break }
                    guard o + 4 + len <= bodyEnd else { break }
                    if code == 9, len >= 1 {
                        let r = bytes[o + 4]
                        iface.binary = r & 0x80 != 0
                        // Resolutions beyond what 64-bit counters can use are clamped (2^-63 s, 10^-19 s).
                        iface.exponent = Swift.min(r & 0x7F, iface.binary ? 63 : 19)
                    } else if code == 14, len >= 8 {
                        iface.offsetSeconds = Int64(bitPattern: bytes.u64(o + 4, bigEndian: bigEndian))
                    }
                    o += 4 + ((len + 3) & ~3)
                }
                interfaces.append(iface)
            case 6, 2: // Enhanced Packet Block, obsolete Packet Block
                guard bodyEnd - body0 >= 20 else {
                    throw QbitelError(.truncatedRecord, "packet block too short", offset: offset)
                }
                let ifIndex = type == 6 ? Int(u32(body0)) : Int(u16(body0))
                let hi = UInt64(u32(body0 + 4))
                let lo = UInt64(u32(body0 + 8))
                let caplen = Int(u32(body0 + 12))
                let orig = Int(u32(body0 + 16))
                guard ifIndex < interfaces.count else {
                    throw QbitelError(.malformedPacket, "packet block names interface \(ifIndex), which is not described",
                                      offset: offset)
                }
                if caplen > CaptureLimits.maxRecordLength {
                    throw QbitelError(.recordTooLarge, "packet length \(caplen) exceeds the 256 KiB limit", offset: body0 + 12)
                }
                guard caplen <= bodyEnd - (body0 + 20) else {
                    throw QbitelError(.truncatedRecord, "packet data of \(caplen) bytes runs past its block", offset: offset)
                }
                let iface = interfaces[ifIndex]
                number += 1
                try sink.frame(number: number, timestamp: Self.timestamp(hi << 32 | lo, iface), linkType: iface.linkType,
                               start: body0 + 20, count: caplen, originalLength: orig, fileOffset: offset)
            case 3: // Simple Packet Block
                guard bodyEnd - body0 >= 4, let iface = interfaces.first else {
                    throw QbitelError(.truncatedRecord, "simple packet block without interface or too short", offset: offset)
                }
                let orig = Int(u32(body0))
                var caplen = Swift.min(orig, bodyEnd - body0 - 4)
                if iface.snapLength > 0 { caplen = Swift.min(caplen, iface.snapLength) }
                if caplen > CaptureLimits.maxRecordLength {
                    throw QbitelError(.recordTooLarge, "packet length \(caplen) exceeds the 256 KiB limit", offset: body0)
                }
                number += 1
                try sink.frame(number: number, timestamp: .zero, linkType: iface.linkType, start: body0 + 4, count: caplen,
                               originalLength: orig, fileOffset: offset)
            default:
                break // SHB handled above; NRB, ISB, custom and unknown blocks are skipped.
            }
            offset += length
        }
    }

    /// Converts interface units to seconds and nanoseconds exactly (rounding down below one nanosecond), for decimal
    /// and power-of-two resolutions alike.
    private static func timestamp(_ units: UInt64, _ iface: Interface) -> Timestamp {
        let e = UInt64(iface.exponent)
        let secs: UInt64
        let ns: UInt64
        if iface.binary && e == 0 {
            secs = units
            ns = 0
        } else if iface.binary {
            secs = units >> e
            let rem = units & ((1 << e) - 1)
            // rem / 2^e of a second in ns is (rem * 1e9) >> e; the product needs 128 bits when e > 34.
            let (hi, lo) = rem.multipliedFullWidth(by: 1_000_000_000)
            ns = (lo >> e) | (hi << (64 - e))
        } else {
            var ups: UInt64 = 1
            for _ in 0..<e { ups *= 10 }
            secs = units / ups
            let rem = units % ups
            ns = ups >= 1_000_000_000 ? rem / (ups / 1_000_000_000) : rem * (1_000_000_000 / ups)
        }
        return Timestamp(seconds: Int64(clamping: secs) &+ iface.offsetSeconds, nanoseconds: UInt32(Swift.min(ns, 999_999_999)))
    }
}
