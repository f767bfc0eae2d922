import Testing
@testable import QbitelEngine

/// The readers' inlined IPv4 path must yield exactly what `PacketDecoder` and the assembler yield frame by frame:
/// the same messages, flows and warnings, for every header shape at the edges of its checks.
@Suite struct FrameIngestTests {
    typealias B = CaptureBuilder

    /// Frames with the network layer (IPv4 or IPv6, from the IP header on) that probe each check of the fast path.
    static func networkFrames() -> [[UInt8]] {
        let data = Array("payload bytes".utf8)
        var udpZeroLength = B.udp(40000, 53, data)
        udpZeroLength[4] = 0
        udpZeroLength[5] = 0
        var udpShortLength = B.udp(40001, 53, data)
        udpShortLength[5] = 5
        var udpLongLength = B.udp(40002, 53, data)
        udpLongLength[4] = 0x10
        var totalUnderHeader = B.ipv4(proto: 17, B.udp(40003, 53, data))
        totalUnderHeader[2] = 0
        totalUnderHeader[3] = 12
        var totalZero = B.ipv4(proto: 17, B.udp(40004, 53, data))
        totalZero[2] = 0
        totalZero[3] = 0
        var version5 = B.ipv4(proto: 17, B.udp(40005, 53, data))
        version5[0] = 0x55
        let options = [0x40 | 6, 0] + B.be16(UInt16(24 + 8 + data.count)) + B.be16(1) + B.be16(0) + [64, 17, 0, 0]
            + B.hostA + B.hostB + [1, 1, 1, 0] + B.udp(40006, 53, data)
        let ipv6 = [0x60, 0, 0, 0] + B.be16(UInt16(8 + data.count)) + [17, 64] + [UInt8](repeating: 0xFD, count: 16)
            + [UInt8](repeating: 0xFE, count: 16) + B.udp(40007, 53, data)
        let whole = B.udp(40008, 53, [UInt8](repeating: 7, count: 40))
        return [
            B.ipv4(proto: 17, B.udp(40000, 53, data)),
            B.ipv4(proto: 17, B.udp(53, 40000, data), src: B.hostB, dst: B.hostA),
            B.ipv4(proto: 17, B.udp(40010, 53, [])),
            B.ipv4(proto: 17, udpZeroLength),
            B.ipv4(proto: 17, udpShortLength),
            B.ipv4(proto: 17, udpLongLength),
            B.ipv4(proto: 17, Array(B.udp(40011, 53, data).prefix(6))),
            totalUnderHeader,
            totalZero,
            version5,
            B.ipv4(proto: 17, B.udp(40012, 53, data), ihlWords: 4),
            B.ipv4(proto: 17, B.udp(40013, 53, data), ihlWords: 15),
            options,
            ipv6,
            B.ipv4(proto: 17, Array(whole[0..<24]), id: 9, fragment: 0x2000),
            B.ipv4(proto: 17, Array(whole[24...]), id: 9, fragment: 3),
            B.ipv4(proto: 1, [8, 0, 0, 0, 0, 0, 0, 0]),
            B.ipv4(proto: 4, B.ipv4(proto: 17, B.udp(40014, 53, data))),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 10, flags: 0x02)),
            B.ipv4(proto: 6, B.tcp(7000, 50000, seq: 500, flags: 0x12), src: B.hostB, dst: B.hostA),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 11, Array("hello".utf8))),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 21, Array("later".utf8))),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 16, Array("world".utf8))),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 11, Array("hello".utf8))),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 26, [0, 0, 0, 0] + Array("opts".utf8), dataOffsetWords: 6)),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 34, Array("x".utf8), dataOffsetWords: 4)),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 34, Array("x".utf8), dataOffsetWords: 15)),
            B.ipv4(proto: 6, Array(B.tcp(50000, 7000, seq: 34).prefix(12))),
            B.ipv4(proto: 6, B.tcp(7000, 50000, seq: 501, Array("reply".utf8)), src: B.hostB, dst: B.hostA),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 900, Array("gap".utf8))),
            B.ipv4(proto: 6, B.tcp(50000, 7000, seq: 903, flags: 0x11)),
            B.ipv4(proto: 6, B.tcp(7000, 50000, seq: 506, flags: 0x11), src: B.hostB, dst: B.hostA),
            Array(B.ipv4(proto: 17, B.udp(40015, 53, data)).prefix(19)),
        ]
    }

    /// The same frames over each link type the fast path takes, plus the ones it leaves (VLAN, SLL).
    static func captures() -> [(String, [UInt8])] {
        let net = networkFrames()
        let ethernet = net.map { B.ethernet($0.first.map { $0 >> 4 == 6 } == true ? 0x86DD : 0x0800, $0) }
        let padded = ethernet.map { $0 + [UInt8](repeating: 0, count: 9) }
        let vlan = net.map { B.ethernet(0x8100, B.be16(5) + B.be16(0x0800) + $0) }
        let sll = net.map { [UInt8](repeating: 0, count: 14) + B.be16(0x0800) + $0 }
        let short = [[UInt8](B.ethernet(0x0800, []).prefix(13)), B.ethernet(0x0800, Array(net[0].prefix(10)))]
        return [
            ("ethernet", B.pcap(ethernet + short)),
            ("ethernet padded", B.pcap(padded)),
            ("ethernet pcapng", B.pcapng(ethernet + short)),
            ("vlan", B.pcap(vlan)),
            ("raw 101", B.pcap(net, link: 101)),
            ("raw 228", B.pcap(net, link: 228)),
            ("raw 12 pcapng", B.pcapng(net, link: 12)),
            ("sll", B.pcap(sll, link: 113)),
        ]
    }

    /// The general path alone: every frame through `PacketDecoder`, fragments through the reassembler.
    static func plainRead(_ file: [UInt8], unit: CaptureOptions.MessageUnit) throws -> ([Message], [FlowSummary],
                                                                                        [CaptureWarning]) {
        let bytes = ByteSlice(file)
        var assembler = MessageAssembler(options: CaptureOptions(messageUnit: unit))
        var reassembler = IPv4Reassembler()
        var warnings: [CaptureWarning] = []
        let decoder = PacketDecoder()
        let body: (RawFrame) -> Void = { frame in
            switch decoder.decode(frame) {
            case .packet(let p):
                assembler.add(p, frame: frame.number, timestamp: frame.timestamp)
            case .fragment(let f):
                if let (datagram, _) = reassembler.add(f, frame: frame.number, warnings: &warnings),
                   case .packet(let p) = decoder.transport(f.protocol, f.source, f.destination, datagram, frame) {
                    assembler.add(p, frame: frame.number, timestamp: frame.timestamp)
                }
            case .malformed(let w):
                warnings.append(w)
            case .notTransport, .unknownLinkType:
                break
            }
        }
        if PcapFileReader.matches(bytes) {
            try PcapFileReader(bytes).forEachFrame(body)
        } else {
            try PcapngFileReader(bytes).forEachFrame(body)
        }
        if reassembler.incompleteCount > 0 {
            warnings.append(CaptureWarning(.incompleteFragments,
                                           "\(reassembler.incompleteCount) fragmented IPv4 datagram(s) never completed"))
        }
        let (messages, flows) = assembler.finish(warnings: &warnings)
        return (messages, flows, warnings)
    }

    @Test(arguments: [CaptureOptions.MessageUnit.segment, .streamChunk])
    func inlinedPathAgreesWithTheDecoder(unit: CaptureOptions.MessageUnit) throws {
        for (name, file) in Self.captures() {
            let cap = try B.read(file, unit: unit)
            let (messages, flows, warnings) = try Self.plainRead(file, unit: unit)
            #expect(cap.messages.count == messages.count, "\(name)")
            for (a, b) in zip(cap.messages, messages) {
                #expect(a.index == b.index && a.frame == b.frame && a.timestamp == b.timestamp, "\(name)")
                #expect(a.flow == b.flow && a.flowIndex == b.flowIndex && a.direction == b.direction, "\(name)")
                #expect(a.payload == b.payload && a.hasGap == b.hasGap, "\(name) frame \(a.frame)")
            }
            #expect(cap.flows == flows, "\(name)")
            #expect(cap.warnings == warnings, "\(name)")
            #expect(!cap.messages.isEmpty, "\(name)")
        }
    }
}
