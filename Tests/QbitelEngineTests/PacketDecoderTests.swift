import Foundation
import Testing
@testable import QbitelEngine

@Suite struct PacketDecoderTests {
    typealias B = CaptureBuilder
    let payload = Array("payload".utf8)

    func decode(_ data: [UInt8], link: UInt32) -> PacketDecoder.Outcome {
        PacketDecoder().decode(RawFrame(number: 1, timestamp: .zero, linkType: link, data: ByteSlice(data),
                                        originalLength: data.count, fileOffset: 0))
    }

    func packet(_ o: PacketDecoder.Outcome) -> DecodedPacket? {
        if case .packet(let p) = o { return p }
        return nil
    }

    func warning(_ o: PacketDecoder.Outcome) -> CaptureWarning? {
        if case .malformed(let w) = o { return w }
        return nil
    }

    @Test func decodesEveryLinkTypeDownToUDP() throws {
        let ip = B.ipv4(proto: 17, B.udp(1234, 53, payload))
        let cases: [(UInt32, [UInt8])] = [
            (1, B.ethernet(0x0800, ip)),
            (1, B.ethernet(0x8100, [0, 5] + B.be16(0x8100) + [0, 6] + B.be16(0x0800) + ip)), // QinQ
            (1, B.ethernet(0x8864, [0x11, 0, 0, 1] + B.be16(UInt16(ip.count + 2)) + B.be16(0x0021) + ip)), // PPPoE
            (113, [0, 0, 0, 1, 0, 6] + [UInt8](repeating: 1, count: 8) + B.be16(0x0800) + ip), // SLL
            (276, B.be16(0x0800) + [0, 0] + B.be32(1) + [0, 1, 0, 6] + [UInt8](repeating: 1, count: 8) + ip), // SLL2
            (101, ip), (228, ip),
            (0, B.le32(2) + ip), (108, B.be32(2) + ip),
        ]
        for (link, frame) in cases {
            let p = try #require(packet(decode(frame, link: link)), "link \(link)")
            #expect(p.payload.array == payload)
            #expect(p.sourcePort == 1234 && p.destinationPort == 53)
            #expect(p.source == IPAddress(B.hostA))
            #expect(p.transport == .udp)
        }
    }

    @Test func decodesIPv6WithExtensionHeadersAndIPinIP() throws {
        let src = [UInt8](repeating: 0x20, count: 16), dst = [UInt8](repeating: 0x30, count: 16)
        let udp = B.udp(5000, 6000, payload)
        let hopByHop: [UInt8] = [17, 0, 0, 0, 0, 0, 0, 0] // next header UDP, 8 bytes
        let v6 = [0x60, 0, 0, 0] + B.be16(UInt16(hopByHop.count + udp.count)) + [0, 64] + src + dst + hopByHop + udp
        let p = try #require(packet(decode(B.ethernet(0x86DD, v6), link: 1)))
        #expect(p.payload.array == payload)
        #expect(p.source == IPAddress(src))
        #expect(p.source.isV6)
        #expect(p.source.description == "2020:2020:2020:2020:2020:2020:2020:2020")
        let inner = B.ipv4(proto: 6, B.tcp(1, 2, seq: 7, payload), src: [192, 168, 0, 1], dst: [192, 168, 0, 2])
        let outer = B.ipv4(proto: 4, inner)
        let q = try #require(packet(decode(B.ethernet(0x0800, outer), link: 1)))
        #expect(q.transport == .tcp)
        #expect(q.source.description == "192.168.0.1")
        #expect(q.sequence == 7)
    }

    @Test func ipv4HeaderLengthUnder20IsWarning1012() {
        let frame = B.ethernet(0x0800, B.ipv4(proto: 17, B.udp(1, 2, payload), ihlWords: 4))
        #expect(warning(decode(frame, link: 1))?.code == .badIPv4Header)
        let cap = try? B.read(B.pcap([frame, B.udpFrame([9])]))
        #expect(cap?.warnings.first?.code == .badIPv4Header)
        #expect(cap?.warnings.first?.frame == 1)
        #expect(cap?.messages.count == 1)
    }

    @Test func tcpDataOffsetUnder5IsWarning1013() {
        let seg = B.tcp(1, 2, seq: 1, payload, dataOffsetWords: 4)
        let w = warning(decode(B.ethernet(0x0800, B.ipv4(proto: 6, seg)), link: 1))
        #expect(w?.code == .badTCPHeader)
        #expect(w?.message.contains("under 5") == true)
    }

    @Test func fragmentsAreReassembledAndOverlapsWarned() throws {
        let udp = B.udp(7, 7, [UInt8](repeating: 0xAB, count: 24)) // 32 bytes
        let f1 = B.ethernet(0x0800, B.ipv4(proto: 17, Array(udp[0..<16]), id: 9, fragment: 0x2000))
        let f2 = B.ethernet(0x0800, B.ipv4(proto: 17, Array(udp[16...]), id: 9, fragment: 2))
        let whole = try B.read(B.pcap([f2, f1]))
        #expect(whole.messages.count == 1)
        #expect(whole.messages[0].payload.array == [UInt8](repeating: 0xAB, count: 24))
        #expect(whole.warnings.isEmpty)

        // A second fragment at offset 8 that rewrites bytes 8..<16 with other values.
        let clash = B.ethernet(0x0800, B.ipv4(proto: 17, [UInt8](repeating: 0xCD, count: 8), id: 9, fragment: 0x2000 | 1))
        let cap = try B.read(B.pcap([f1, clash, f2]))
        #expect(cap.warnings.contains { $0.code == .overlappingFragments && $0.frame == 2 })
        #expect(cap.messages.count == 1)
        #expect(cap.messages[0].payload.array == [UInt8](repeating: 0xAB, count: 24)) // first bytes win

        let lonely = try B.read(B.pcap([f1]))
        #expect(lonely.warnings.contains { $0.code == .incompleteFragments })
    }

    @Test func unknownLinkTypeIsWarnedOnce() throws {
        let cap = try B.read(B.pcap([[1, 2, 3], [4, 5, 6]], link: 147))
        #expect(cap.warnings.count == 1)
        #expect(cap.warnings[0].code == .unknownLinkType)
        #expect(cap.warnings[0].message.contains("2 frame"))
    }

    @Test func ipAddressIsInlineAndKeepsItsBytes() throws {
        let v4 = IPAddress(ipv4: 0x0A00_0001)
        #expect(v4 == IPAddress([10, 0, 0, 1]))
        #expect(v4.bytes == [10, 0, 0, 1])
        #expect(IPAddress([10, 0, 0, 1]) < IPAddress([10, 0, 0, 2]))
        #expect(IPAddress([1, 2]) < IPAddress([1, 2, 0]))
        #expect(IPAddress([]).description == "-")
        var a = IPAddress([1, 2, 3, 4])
        a.bytes = [9, 9, 9, 9]
        #expect(a.description == "9.9.9.9")
        let json = try JSONEncoder().encode(v4)
        #expect(String(decoding: json, as: UTF8.self) == #"{"bytes":[10,0,0,1]}"#)
        #expect(try JSONDecoder().decode(IPAddress.self, from: json) == v4)
    }
}
