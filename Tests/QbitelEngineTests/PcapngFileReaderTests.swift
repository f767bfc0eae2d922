import Testing
@testable import QbitelEngine

@Suite struct PcapngFileReaderTests {
    typealias B = CaptureBuilder

    @Test func readsEnhancedAndSimplePacketBlocks() throws {
        var file = B.sectionHeader() + B.interface()
        file += B.enhancedPacket(B.udpFrame(Array("hello".utf8)), units: 1_700_000_000_123_456)
        file += B.block(4, [0, 0, 0, 0]) // name resolution block: skipped
        file += B.simplePacket(B.udpFrame(fromA: false, Array("hi".utf8)))
        let cap = try B.read(file)
        #expect(cap.format == .pcapng)
        #expect(cap.frameCount == 2)
        #expect(cap.messages.map { $0.payload.array } == [Array("hello".utf8), Array("hi".utf8)])
        #expect(cap.messages[0].timestamp == Timestamp(seconds: 1_700_000_000, nanoseconds: 123_456_000))
        #expect(cap.messages[1].timestamp == .zero) // SPB has no timestamp
        #expect(cap.messages[1].direction == .serverToClient)
    }

    @Test(arguments: [
        // (if_tsresol byte, units, seconds, nanoseconds)
        (UInt8(9), UInt64(1_700_000_000_999_999_999), Int64(1_700_000_000), UInt32(999_999_999)),
        (UInt8(3), UInt64(1_500), Int64(1), UInt32(500_000_000)),
        (UInt8(0x80 | 10), UInt64(1024 * 5 + 1), Int64(5), UInt32(976_562)), // 1/1024 s = 976562.5 ns
        (UInt8(0x80 | 1), UInt64(3), Int64(1), UInt32(500_000_000)),
        (UInt8(0x80 | 30), UInt64(1 << 30) + (1 << 29) + 1, Int64(1), UInt32(500_000_000)), // + 0.93 ns, rounded down
        (UInt8(0x80 | 40), (UInt64(7) << 40) + (UInt64(1) << 38), Int64(7), UInt32(250_000_000)),
        (UInt8(0x80 | 63), UInt64(1) << 62, Int64(0), UInt32(500_000_000)),
        (UInt8(12), UInt64(2_000_000_000_001), Int64(2), UInt32(0)),
    ])
    func timestampResolutionIsExact(tsresol: UInt8, units: UInt64, seconds: Int64, nanoseconds: UInt32) throws {
        var file = B.sectionHeader() + B.interface(tsresol: tsresol)
        file += B.enhancedPacket(B.udpFrame([1]), units: units)
        let cap = try B.read(file)
        #expect(cap.messages.first?.timestamp == Timestamp(seconds: seconds, nanoseconds: nanoseconds))
    }

    @Test func bigEndianSectionReads() throws {
        func be(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
            let n = UInt32(12 + body.count)
            return B.be32(type) + B.be32(n) + body + B.be32(n)
        }
        let frame = B.udpFrame(Array("abcd".utf8))
        var file = be(0x0A0D_0D0A, B.be32(0x1A2B_3C4D) + B.be16(1) + B.be16(0) + [UInt8](repeating: 0xFF, count: 8))
        file += be(1, B.be16(1) + B.be16(0) + B.be32(0))
        let padded = frame + [UInt8](repeating: 0, count: (4 - frame.count % 4) % 4)
        file += be(6, B.be32(0) + B.be32(0) + B.be32(1_000_000) + B.be32(UInt32(frame.count)) + B.be32(UInt32(frame.count)) + padded)
        let cap = try B.read(file)
        #expect(cap.messages.first?.payload.array == Array("abcd".utf8))
        #expect(cap.messages.first?.timestamp == Timestamp(seconds: 1, nanoseconds: 0))
    }

    @Test func blockLengthNotAMultipleOfFourIsError1009() throws {
        var file = B.sectionHeader() + B.interface()
        let bad = file.count
        var epb = B.enhancedPacket(B.udpFrame([1, 2, 3]), units: 0)
        epb[4] = epb[4] &+ 2
        file += epb
        let e = try #require(throws: QbitelError.self) { try B.read(file) }
        #expect(e.code == .badBlockLength)
        #expect(e.offset == bad + 4)
    }

    @Test func blockPastTheEndIsError1009() throws {
        var file = B.sectionHeader() + B.interface() + B.enhancedPacket(B.udpFrame([1, 2, 3]), units: 0)
        file.removeLast(8)
        let e = try #require(throws: QbitelError.self) { try B.read(file) }
        #expect(e.code == .badBlockLength)
        #expect(e.message.contains("past the end"))
    }

    @Test func packetLargerThanTheLimitIsError1008() throws {
        var file = B.sectionHeader() + B.interface()
        // Claims 300 KiB of captured data inside a small block.
        file += B.block(6, B.le32(0) + B.le32(0) + B.le32(0) + B.le32(300 * 1024) + B.le32(300 * 1024) + [1, 2, 3, 4])
        let e = try #require(throws: QbitelError.self) { try B.read(file) }
        #expect(e.code == .recordTooLarge)
    }

    @Test func packetForAnUndescribedInterfaceIsAnError() throws {
        let file = B.sectionHeader() + B.enhancedPacket(B.udpFrame([1]), units: 0)
        let e = try #require(throws: QbitelError.self) { try B.read(file) }
        #expect(e.code == .malformedPacket)
        #expect(e.offset == 28)
    }
}
