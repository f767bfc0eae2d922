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

    public func decode(_ frame: RawFrame) -> Outcome {
        let d = frame.data
        switch frame.linkType {
        case 1: return ethernet(d, frame)
        case 113: // Linux cooked SLL
            guard d.count >= 16 else { return truncated(frame, "SLL header") }
            return etherType(d.u16be(14), d[16..<d.count], frame)
        case 276: // SLL2
            guard d.count >= 20 else { return truncated(frame, "SLL2 header") }
            return etherType(d.u16be(0), d[20..<d.count], frame)
        case 101, 12, 14: return rawIP(d, frame)
        case 228: return ipv4(d, frame)
        case 229: return ipv6(d, frame)
        case 0, 108: // BSD loopback: address family in host (0) or network (108) order
            guard d.count >= 4 else { return truncated(frame, "loopback header") }
            let le = d.u32le(0), be = d.u32be(0)
            let af = frame.linkType == 108 ? be : (le < 256 ? le : be)
            let rest = d[4..<d.count]
            switch af {
            case 2: return ipv4(rest, frame)
            case 10, 24, 28, 30: return ipv6(rest, frame)
            default: return .notTransport
            }
        default:
            return .unknownLinkType(frame.linkType)
        }
    }

    private func truncated(_ f: RawFrame, _ what: String) -> Outcome {
        .malformed(CaptureWarning(.malformedPacket, "\(what) truncated", frame: f.number, offset: f.fileOffset))
    }

    private func ethernet(_ d: ByteSlice, _ f: RawFrame) -> Outcome {
        guard d.count >= 14 else { return truncated(f, "Ethernet header") }
        return etherType(d.u16be(12), d[14..<d.count], f)
    }

    private func etherType(_ type0: UInt16, _ body0: ByteSlice, _ f: RawFrame) -> Outcome {
        var type = type0
        var body = body0
        var tags = 0
        while type == 0x8100 || type == 0x88A8 || type == 0x9100 {
            tags += 1
            guard body.count >= 4, tags <= 8 else { return truncated(f, "VLAN tag") }
            type = body.u16be(2)
            body = body[4..<body.count]
        }
        switch type {
        case 0x0800: return ipv4(body, f)
        case 0x86DD: return ipv6(body, f)
        case 0x8864: // PPPoE session: 6-byte header, then a PPP protocol number
            guard body.count >= 8 else { return truncated(f, "PPPoE header") }
            let proto = body.u16be(6)
            let rest = body[8..<body.count]
            if proto == 0x0021 { return ipv4(rest, f) }
            if proto == 0x0057 { return ipv6(rest, f) }
            return .notTransport
        default: return .notTransport
        }
    }

    private func rawIP(_ d: ByteSlice, _ f: RawFrame) -> Outcome {
        guard d.count >= 1 else { return truncated(f, "IP header") }
        switch d[0] >> 4 {
        case 4: return ipv4(d, f)
        case 6: return ipv6(d, f)
        default: return .malformed(CaptureWarning(.malformedPacket, "raw IP frame with version \(d[0] >> 4)", frame: f.number))
        }
    }

    func ipv4(_ d: ByteSlice, _ f: RawFrame) -> Outcome {
        guard d.count >= 20 else {
            return .malformed(CaptureWarning(.badIPv4Header, "IPv4 header truncated (\(d.count) bytes)", frame: f.number))
        }
        let ihl = Int(d[0] & 0x0F) * 4
        guard d[0] >> 4 == 4, ihl >= 20 else {
            return .malformed(CaptureWarning(.badIPv4Header, "IPv4 header length \(ihl) is under 20", frame: f.number))
        }
        guard ihl <= d.count else {
            return .malformed(CaptureWarning(.badIPv4Header, "IPv4 header length \(ihl) runs past the frame", frame: f.number))
        }
        let total = Int(d.u16be(2))
        // Trim link-layer padding by the IP total length; a total of 0 (TSO) means "the rest".
        let end = total >= ihl ? Swift.min(total, d.count) : d.count
        let src = IPAddress(ipv4: d.u32be(12))
        let dst = IPAddress(ipv4: d.u32be(16))
        let proto = d[9]
        let flagsFrag = d.u16be(6)
        let moreFragments = flagsFrag & 0x2000 != 0
        let fragOffset = Int(flagsFrag & 0x1FFF) * 8
        let payload = d[ihl..<end]
        if moreFragments || fragOffset > 0 {
            return .fragment(IPv4Fragment(source: src, destination: dst, identification: d.u16be(4), protocol: proto,
                                          offset: fragOffset, moreFragments: moreFragments, data: payload))
        }
        return transport(proto, src, dst, payload, f)
    }

    func ipv6(_ d: ByteSlice, _ f: RawFrame) -> Outcome {
        guard d.count >= 40, d[0] >> 4 == 6 else {
            return .malformed(CaptureWarning(.badIPv6Header, "IPv6 header truncated or wrong version", frame: f.number))
        }
        let plen = Int(d.u16be(4))
        let end = plen > 0 ? Swift.min(40 + plen, d.count) : d.count
        let src = IPAddress(ipv6High: d.u64(8, bigEndian: true), low: d.u64(16, bigEndian: true))
        let dst = IPAddress(ipv6High: d.u64(24, bigEndian: true), low: d.u64(32, bigEndian: true))
        var next = d[6]
        var o = 40
        var hops = 0
        while hops < 16 {
            hops += 1
            switch next {
            case 0, 43, 60, 135, 139, 140: // extension headers with (len+1)*8 size
                guard o + 8 <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 extension header truncated", frame: f.number))
                }
                next = d[o]
                o += (Int(d[o + 1]) + 1) * 8
            case 51: // AH: (len+2)*4
                guard o + 8 <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 AH truncated", frame: f.number))
                }
                next = d[o]
                o += (Int(d[o + 1]) + 2) * 4
            case 44: // fragment header: only unfragmented (offset 0, no more) datagrams are read
                guard o + 8 <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 fragment header truncated", frame: f.number))
                }
                let fo = d.u16be(o + 2)
                next = d[o]
                o += 8
                if fo & 0xFFF9 != 0 || fo & 1 != 0 { return .notTransport }
            default:
                guard o <= end else {
                    return .malformed(CaptureWarning(.badIPv6Header, "IPv6 headers run past the packet", frame: f.number))
                }
                return transport(next, src, dst, d[o..<end], f)
            }
        }
        return .malformed(CaptureWarning(.badIPv6Header, "too many IPv6 extension headers", frame: f.number))
    }

    func transport(_ proto: UInt8, _ src: IPAddress, _ dst: IPAddress, _ d: ByteSlice, _ f: RawFrame) -> Outcome {
        switch proto {
        case 17:
            guard d.count >= 8 else {
                return .malformed(CaptureWarning(.badUDPHeader, "UDP header truncated", frame: f.number))
            }
            let ulen = Int(d.u16be(4))
            let end: Int
            if ulen >= 8 { end = Swift.min(ulen, d.count) } else if ulen == 0 { end = d.count } else {
                return .malformed(CaptureWarning(.badUDPHeader, "UDP length \(ulen) is under 8", frame: f.number))
            }
            return .packet(DecodedPacket(transport: .udp, source: src, destination: dst, sourcePort: d.u16be(0),
                                         destinationPort: d.u16be(2), payload: d[8..<end]))
        case 6:
            guard d.count >= 20 else {
                return .malformed(CaptureWarning(.badTCPHeader, "TCP header truncated", frame: f.number))
            }
            let off = Int(d[12] >> 4) * 4
            guard off >= 20 else {
                return .malformed(CaptureWarning(.badTCPHeader, "TCP data offset \(off / 4) is under 5", frame: f.number))
            }
            guard off <= d.count else {
                return .malformed(CaptureWarning(.badTCPHeader, "TCP header runs past the segment", frame: f.number))
            }
            var p = DecodedPacket(transport: .tcp, source: src, destination: dst, sourcePort: d.u16be(0),
                                  destinationPort: d.u16be(2), payload: d[off..<d.count])
            p.sequence = d.u32be(4)
            p.tcpFlags = d[13]
            return .packet(p)
        case 4: return ipv4(d, f)
        case 41: return ipv6(d, f)
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
