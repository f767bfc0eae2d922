import Testing
@testable import QbitelEngine

@Suite struct LengthFieldDetectorTests {
    @Test func findsLittleEndianTotalLength() {
        var rng = SplitMix64(seed: 3)
        let payloads: [[UInt8]] = (0..<50).map { _ in
            let n = Int.random(in: 10...300, using: &rng)
            var p = [UInt8](repeating: 0xAA, count: n)
            p[2] = UInt8(n & 0xFF); p[3] = UInt8(n >> 8)
            return p
        }
        let views = SyntheticTraffic.messages(payloads).map(MessageBytes.init)
        let found = LengthFieldDetector().find(views, Array(views.indices))
        #expect(found.contains { $0.offset == 2 && $0.width == 2 && !$0.bigEndian && $0.delta == 0 })
    }

    /// Segments that carry two units break the count for some messages: the length byte of the first unit then
    /// falls short of the segment. The strict detector (for pinning boundaries) rejects it, the lenient one (for
    /// ruling out keys) still finds it.
    @Test func aLengthCountingMostMessagesIsFoundWhenLenient() {
        var rng = SplitMix64(seed: 5)
        let payloads: [[UInt8]] = (0..<60).map { k in
            let n = Int.random(in: 4...90, using: &rng)
            var p = [UInt8](repeating: 0x30, count: n + 2)
            p[1] = UInt8(n)
            // Every third segment has a second unit behind the first.
            if k % 3 == 0 { p += [0x30, 3, 1, 2, 3] }
            return p
        }
        let views = SyntheticTraffic.messages(payloads).map(MessageBytes.init)
        #expect(!LengthFieldDetector().find(views, Array(views.indices)).contains { $0.offset == 1 })
        let lenient = LengthFieldDetector(minAgreement: KeyFieldClusterer().lengthKeyAgreement, maxDistinctDeltas: 64)
        #expect(lenient.find(views, Array(views.indices)).contains { $0.offset == 1 && $0.width == 1 && $0.delta == 2 })
    }

    @Test func constantLengthsGiveNothing() {
        let views = SyntheticTraffic.messages([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]).map(MessageBytes.init)
        #expect(LengthFieldDetector().find(views, [0, 1, 2]).isEmpty)
    }
}
