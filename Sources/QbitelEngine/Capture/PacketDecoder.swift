/// A frame decoded down to its transport: addresses, ports and the payload slice.
public struct DecodedPacket: Sendable {
    public var transport: Transport
    public var source: IPAddress
    public var destination: IPAddress
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var payload: ByteSlice
    /// TCP only.
    public var sequence: UInt32 = 0
    public var tcpFlags: UInt8 = 0
    public var isSyn: Bool { tcpFlags & 0x02 != 0 && tcpFlags & 0x10 == 0 }
    /// SYN set, with or without ACK: the segment's first data byte is `sequence + 1`.
    public var hasSynFlag: Bool { tcpFlags & 0x02 != 0 }
    public var isFin: Bool { tcpFlags & 0x01 != 0 }
    public var isRst: Bool { tcpFlags & 0x04 != 0 }
}

/// Decodes link, network and transport layers of one frame. Pure: warnings are returned, never thrown.
///
/// Layers are walked as offsets into one view of the frame's bytes; only the final payload becomes a `ByteSlice`,
/// so decoding a frame costs no allocation and no reference counting per layer.
public struct PacketDecoder: Sendable {
    public enum Outcome: Sendable {
        case packet(DecodedPacket)
        /// An IPv4 fragment that the assembler must reassemble before the transport can be read.
        case fragment(IPv4Fragment)
        case notTransport
        case unknownLinkType(UInt32)
        case malformed(CaptureWarning)
    }

    public init() {}

    /// The frame's bytes as raw memory plus where they sit in their storage (to cut the payload from).
    ///
    /// A view lives only inside `withUnsafeBytes` of a slice that keeps the storage alive, so it holds the storage
    /// unretained: walking the layers costs no reference counting, only the final payload slice retains.
    struct View {
        let raw: UnsafeRawBufferPointer
        unowned(unsafe) let storage: ByteStorage
        let start: Int
        let number: Int
        let linkType: UInt32
        let fileOffset: Int

        init(raw: UnsafeRawBufferPointer, slice: ByteSlice, frame: RawFrame) {
            self.raw = raw
            self.storage = slice.storage
            self.start = slice.start
            self.number = frame.number
            self.linkType = frame.linkType
            self.fileOffset = frame.fileOffset
        }

        @inline(__always) func u8(_ o: Int) -> UInt8 { raw[o] }
        @inline(__always) func u16(_ o: Int) -> UInt16 {
            UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt16.self))
        }
        @inline(__always) func u32(_ o: Int) -> UInt32 {
            UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self))
        }
        @inline(__always) func u64(_ o: Int) -> UInt64 {
            UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self))
        }
        func bytes(_ lo: Int, _ hi: Int) -> ByteSlice {
            precondition(lo >= 0 && lo <= hi && hi <= raw.count, "range out of bounds")
            return ByteSlice(storage: storage, start: start + lo, count: hi - lo)
        }
    }

    public func decode(_ frame: RawFrame) -> Outcome {
        frame.data.withUnsafeBytes { raw in
            let v = View(raw: raw, slice: frame.data, frame: frame)
            return link(v, 0, raw.count)
        }
    }

    private func link(_ v: View, _ lo: Int, _ hi: Int) -> Outcome {
        let n = hi - lo
        switch v.linkType {
        case 1:
            guard n >= 14 else { return truncated(v, "Ethernet header") }
            return etherType(v, v.u16(lo + 12), lo + 14, hi)
        case 113: // Linux cooked SLL
            guard n >= 16 else { return truncated(v, "SLL header") }
            return etherType(v, v.u16(lo + 14), lo + 16, hi)
        case 276: // SLL2
            guard n >= 20 else { return truncated(v, "SLL2 header") }
            return etherType(v, v.u16(lo), lo + 20, hi)
        case 101, 12, 14: // raw IP
            guard n >= 1 else { return truncated(v, "IP header") }
            switch v.u8(lo) >> 4 {
            case 4: return ipv4(v, lo, hi)
            case 6: return ipv6(v, lo, hi)
            default:
                return .malformed(CaptureWarning(.malformedPacket, "raw IP frame with version \(v.u8(lo) >> 4)",
                                                 frame: v.number))
            }
        case 228: return ipv4(v, lo, hi)
        case 229: return ipv6(v, lo, hi)
        case 0, 108: // BSD loopback: address family in host (0) or network (108) order
            guard n >= 4 else { return truncated(v, "loopback header") }
            let be = v.u32(lo), le = be.byteSwapped
            let af = v.linkType == 108 ? be : (le < 256 ? le : be)
            switch af {
            case 2: return ipv4(v, lo + 4, hi)
            case 10, 24, 28, 30: return ipv6(v, lo + 4, hi)
            default: return .notTransport
            }
        default:
            return .unknownLinkType(v.linkType)
        }
    }

    private func truncated(_ v: View, _ what: String) -> Outcome {
        .malformed(CaptureWarning(.malformedPacket, "\(what) truncated", frame: v.number, offset: v.fileOffset))
    }

    private func etherType(_ v: View, _ type0: UInt16, _ lo0: Int, _ hi: Int) -> Outcome {
        var type = type0
        var lo = lo0
        var tags = 0
        while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
            tags += 1
            guard hi - lo >= 4, tags <= 8 else { return truncated(v, "VLAN tag") }
            type = v.u16(lo + 2)
            lo += 4
        }
        switch type {
        case 0x0800: return ipv4(v, lo, hi)
        case 0x86DD: return ipv6(v, lo, hi)
        case 0x8864: // PPPoE session: 6-byte header, then a PPP protocol number
            guard hi - lo >= 8 else { return truncated(v, "PPPoE header") }
            let proto = v.u16(lo + 6)
            if proto == 0x0021 { return ipv4(v, lo + 8, hi) }
            if proto == 0x0057 { return ipv6(v, lo + 8, hi) }
            return .notTransport
        default: return .notTransport
        }
    }

    private func ipv4(_ v: View, _ lo: Int, _ hi: Int) -> Outcome {
        let n = hi - lo
        guard n >= 20 else {
            return .malformed(CaptureWarning(.badIPv4Header, "IPv4 header truncated (\(n) bytes)", frame: v.number))
        }
        let b0 = v.u8(lo)
        let ihl = Int(b0 & 0x0F) * 4
        guard b0 >> 4 == 4, ihl >= 20 else {
            return .malformed(CaptureWarning(.badIPv4Header, "IPv4 header length \(ihl) is under 20", frame: v.number))
        }
        guard ihl <= n else {
            return .malformed(CaptureWarning(.badIPv4Header, "IPv4 header length \(ihl) runs past the frame",
                                             frame: v.number))
        }
        let total = Int(v.u16(lo + 2))
        // Trim link-layer padding by the IP total length; a total of 0 (TSO) means "the rest".
        let end = total >= ihl ? lo + Swift.min(total, n) : hi
        let src = IPAddress(ipv4: v.u32(lo + 12))
        let dst = IPAddress(ipv4: v.u32(lo + 16))
        let proto = v.u8(lo + 9)
        let flagsFrag = v.u16(lo + 6)
        let moreFragments = flagsFrag & 0x2000 != 0
        let fragOffset = Int(flagsFrag & 0x1FFF) * 8
        if moreFragments || fragOffset > 0 {
            return .fragment(IPv4Fragment(source: src, destination: dst, identification: v.u16(lo + 4), protocol: proto,
                                          offset: fragOffset, moreFragments: moreFragments,
                                          data: v.bytes(lo + ihl, end)))
        }
        return transport(v, proto, src, dst, lo + ihl, end)
    }

    private func ipv6(_ v: View, _ lo: Int, _ hi: Int) -> Outcome {
        guard hi - lo >= 40, v.u8(lo) >> 4 == 6 else {
            return .malformed(CaptureWarning(.badIPv6Header, "IPv6 header truncated or wrong version", frame: v.number))
        }
        let plen = Int(v.u16(lo + 4))
        let end = plen > 0 ? Swift.min(lo + 40 + plen, hi) : hi
        let src = IPAddress(ipv6High: v.u64(lo + 8), low: v.u64(lo + 16))
        let dst = IPAddress(ipv6High: v.u64(lo + 24), low: v.u64(lo + 32))
        var next = v.u8(lo + 6)
        var o = lo + 40
        var hops = 0
        while hops < 16 {
            hops += 1
            switch next {
            case 0, 43, 60, 135, 139, 140: // extension headers with (len+1)*8 size
                guard o + 8 <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 extension header truncated", frame: v.number))
                }
                next = v.u8(o)
                o += (Int(v.u8(o + 1)) + 1) * 8
            case 51: // AH: (len+2)*4
                guard o + 8 <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 AH truncated", frame: v.number))
                }
                next = v.u8(o)
                o += (Int(v.u8(o + 1)) + 2) * 4
            case 44: // fragment header: only unfragmented (offset 0, no more) datagrams are read
                guard o + 8 <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 fragment header truncated", frame: v.number))
                }
                let fo = v.u16(o + 2)
                next = v.u8(o)
                o += 8
                if fo & 0xFFF9 != 0 || fo & 1 != 0 { return .notTransport }
            default:
                guard o <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 headers run past the packet", frame: v.number))
                }
                return transport(v, next, src, dst, o, end)
            }
        }
        return .malformed(CaptureWarning(.badIPv6Header, "too many IPv6 extension headers", frame: v.number))
    }

    /// Decodes the transport of a reassembled IPv4 datagram (`d` is the whole IP payload).
    func transport(_ proto: UInt8, _ src: IPAddress, _ dst: IPAddress, _ d: ByteSlice, _ f: RawFrame) -> Outcome {
        d.withUnsafeBytes { raw in
            transport(View(raw: raw, slice: d, frame: f), proto, src, dst, 0, raw.count)
        }
    }

    private func transport(_ v: View, _ proto: UInt8, _ src: IPAddress, _ dst: IPAddress, _ lo: Int, _ hi: Int) -> Outcome {
        let n = hi - lo
        switch proto {
        case 17:
            guard n >= 8 else {
                return .malformed(CaptureWarning(.badUDPHeader, "UDP header truncated", frame: v.number))
            }
            let ulen = Int(v.u16(lo + 4))
            let end: Int
            if ulen >= 8 { end = lo + Swift.min(ulen, n) } else if ulen == 0 { end = hi } else {
                return .malformed(CaptureWarning(.badUDPHeader, "UDP length \(ulen) is under 8", frame: v.number))
            }
            return .packet(DecodedPacket(transport: .udp, source: src, destination: dst, sourcePort: v.u16(lo),
                                         destinationPort: v.u16(lo + 2), payload: v.bytes(lo + 8, end)))
        case 6:
            guard n >= 20 else {
                return .malformed(CaptureWarning(.badTCPHeader, "TCP header truncated", frame: v.number))
            }
            let off = Int(v.u8(lo + 12) >> 4) * 4
            guard off >= 20 else {
                return .malformed(CaptureWarning(.badTCPHeader, "TCP data offset \(off / 4) is under 5", frame: v.number))
            }
            guard off <= n else {
                return .malformed(CaptureWarning(.badTCPHeader, "TCP header runs past the segment", frame: v.number))
            }
            var p = DecodedPacket(transport: .tcp, source: src, destination: dst, sourcePort: v.u16(lo),
                                  destinationPort: v.u16(lo + 2), payload: v.bytes(lo + off, hi))
            p.sequence = v.u32(lo + 4)
            p.tcpFlags = v.u8(lo + 13)
            return .packet(p)
        case 4: return ipv4(v, lo, hi)
        case 41: return ipv6(v, lo, hi)
        default: return .notTransport
        }
    }
}

/// A piece of a fragmented IPv4 datagram.
public struct IPv4Fragment: Sendable {
    public var source: IPAddress
    public var destination: IPAddress
    public var identification: UInt16
    public var `protocol`: UInt8
    public var offset: Int
    public var moreFragments: Bool
    public var data: ByteSlice
}
