@testable import QbitelEngine

/// Builds frames, pcap and pcapng files in code so every test knows its truth by construction.
enum CaptureBuilder {
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }

    static let hostA: [UInt8] = [10, 0, 0, 1]
    static let hostB: [UInt8] = [10, 0, 0, 2]

    static func ipv4(proto: UInt8, _ body: [UInt8], src: [UInt8] = hostA, dst: [UInt8] = hostB, id: UInt16 = 1,
                     fragment: UInt16 = 0, ihlWords: UInt8 = 5) -> [UInt8] {
        [0x40 | ihlWords, 0] + be16(UInt16(20 + body.count)) + be16(id) + be16(fragment) + [64, proto, 0, 0] + src + dst + body
    }

    static func udp(_ sport: UInt16, _ dport: UInt16, _ data: [UInt8]) -> [UInt8] {
        be16(sport) + be16(dport) + be16(UInt16(8 + data.count)) + [0, 0] + data
    }

    /// Flags: 0x02 SYN, 0x10 ACK, 0x01 FIN, 0x04 RST, 0x18 PSH+ACK.
    static func tcp(_ sport: UInt16, _ dport: UInt16, seq: UInt32, flags: UInt8 = 0x18, _ data: [UInt8] = [],
                    dataOffsetWords: UInt8 = 5) -> [UInt8] {
        be16(sport) + be16(dport) + be32(seq) + be32(0) + [dataOffsetWords << 4, flags] + be16(65535) + [0, 0, 0, 0] + data
    }

    static func ethernet(_ etherType: UInt16, _ body: [UInt8]) -> [UInt8] {
        [UInt8](repeating: 2, count: 6) + [UInt8](repeating: 4, count: 6) + be16(etherType) + body
    }

    /// A TCP segment inside IPv4 inside Ethernet; `fromA` picks the direction between hostA:sport and hostB:dport.
    static func tcpFrame(fromA: Bool = true, seq: UInt32, flags: UInt8 = 0x18, _ data: [UInt8] = [],
                         clientPort: UInt16 = 50000, serverPort: UInt16 = 7000) -> [UInt8] {
        let seg = fromA ? tcp(clientPort, serverPort, seq: seq, flags: flags, data)
                        : tcp(serverPort, clientPort, seq: seq, flags: flags, data)
        return ethernet(0x0800, ipv4(proto: 6, seg, src: fromA ? hostA : hostB, dst: fromA ? hostB : hostA))
    }

    static func udpFrame(fromA: Bool = true, _ data: [UInt8], clientPort: UInt16 = 40000, serverPort: UInt16 = 53) -> [UInt8] {
        let d = fromA ? udp(clientPort, serverPort, data) : udp(serverPort, clientPort, data)
        return ethernet(0x0800, ipv4(proto: 17, d, src: fromA ? hostA : hostB, dst: fromA ? hostB : hostA))
    }

    static func pcap(_ frames: [[UInt8]], link: UInt32 = 1, nanosecond: Bool = false) -> [UInt8] {
        var out = le32(nanosecond ? 0xA1B2_3C4D : 0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(262_144) + le32(link)
        for (i, f) in frames.enumerated() {
            out += le32(1_700_000_000 + UInt32(i)) + le32(UInt32(i)) + le32(UInt32(f.count)) + le32(UInt32(f.count)) + f
        }
        return out
    }

    static func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
        let padded = body + [UInt8](repeating: 0, count: (4 - body.count % 4) % 4)
        let n = UInt32(12 + padded.count)
        return le32(type) + le32(n) + padded + le32(n)
    }

    static func sectionHeader() -> [UInt8] {
        block(0x0A0D_0D0A, le32(0x1A2B_3C4D) + le16(1) + le16(0) + [UInt8](repeating: 0xFF, count: 8))
    }

    /// An interface description block; `tsresol` is the raw option byte (nil: no option, microseconds).
    static func interface(link: UInt16 = 1, tsresol: UInt8? = nil) -> [UInt8] {
        var body = le16(link) + le16(0) + le32(0)
        if let r = tsresol { body += le16(9) + le16(1) + [r, 0, 0, 0] + le16(0) + le16(0) }
        return block(1, body)
    }

    static func enhancedPacket(_ data: [UInt8], units: UInt64, interface: UInt32 = 0) -> [UInt8] {
        block(6, le32(interface) + le32(UInt32(units >> 32)) + le32(UInt32(units & 0xFFFF_FFFF))
              + le32(UInt32(data.count)) + le32(UInt32(data.count)) + data)
    }

    static func simplePacket(_ data: [UInt8]) -> [UInt8] { block(3, le32(UInt32(data.count)) + data) }

    static func pcapng(_ frames: [[UInt8]], link: UInt16 = 1) -> [UInt8] {
        var out = sectionHeader() + interface(link: link)
        for (i, f) in frames.enumerated() { out += enhancedPacket(f, units: UInt64(1_700_000_000 + i) * 1_000_000) }
        return out
    }

    static func read(_ bytes: [UInt8], unit: CaptureOptions.MessageUnit = .segment) throws -> Capture {
        try CaptureReader.read(ByteSlice(bytes), name: "test", options: CaptureOptions(messageUnit: unit))
    }
}
