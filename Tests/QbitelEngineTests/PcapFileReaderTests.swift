import Testing
@testable import QbitelEngine

/// Builds tiny pcap files by hand so the truth is known by construction.
enum PcapBuilder {
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }

    static func header(link: UInt32 = 1) -> [UInt8] {
        le32(0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(link)
    }

    static func record(_ data: [UInt8], sec: UInt32 = 1_700_000_000, usec: UInt32 = 0) -> [UInt8] {
        le32(sec) + le32(usec) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + data
    }

    static func udpFrame(src: [UInt8] = [10, 0, 0, 1], dst: [UInt8] = [10, 0, 0, 2], sport: UInt16, dport: UInt16,
                         payload: [UInt8]) -> [UInt8] {
        let udp = be16(sport) + be16(dport) + be16(UInt16(8 + payload.count)) + [0, 0] + payload
        let ip: [UInt8] = [0x45, 0] + be16(UInt16(20 + udp.count)) + [0, 1, 0, 0, 64, 17, 0, 0] + src + dst
        let eth: [UInt8] = [UInt8](repeating: 2, count: 6) + [UInt8](repeating: 4, count: 6) + [0x08, 0x00]
        return eth + ip + udp
    }
}

@Suite struct PcapFileReaderTests {
    @Test func readsUDPMessagesWithDirectionFromPorts() throws {
        var file = PcapBuilder.header()
        file += PcapBuilder.record(PcapBuilder.udpFrame(sport: 40000, dport: 53, payload: [1, 2, 3]))
        file += PcapBuilder.record(PcapBuilder.udpFrame(src: [10, 0, 0, 2], dst: [10, 0, 0, 1], sport: 53, dport: 40000,
                                                        payload: [4, 5]))
        let cap = try CaptureReader.read(ByteSlice(file), name: "t.pcap")
        #expect(cap.frameCount == 2)
        #expect(cap.messages.count == 2)
        #expect(cap.flows.count == 1)
        #expect(cap.messages[0].direction == .clientToServer)
        #expect(cap.messages[1].direction == .serverToClient)
        #expect(cap.messages[0].payload.array == [1, 2, 3])
        #expect(cap.messages[1].frame == 2)
        #expect(cap.flows[0].key.serverPort == 53)
    }

    @Test func truncatedRecordIsATypedError() throws {
        var file = PcapBuilder.header()
        file += PcapBuilder.record(PcapBuilder.udpFrame(sport: 1, dport: 2, payload: [1]))
        file.removeLast(3)
        #expect(throws: QbitelError.self) { try CaptureReader.read(ByteSlice(file), name: "t.pcap") }
        do { _ = try CaptureReader.read(ByteSlice(file), name: "t.pcap") } catch let e as QbitelError {
            #expect(e.code == .truncatedRecord)
            #expect(e.offset == 24)
        }
    }
}
