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

    @Test func constantLengthsGiveNothing() {
        let views = SyntheticTraffic.messages([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]).map(MessageBytes.init)
        #expect(LengthFieldDetector().find(views, [0, 1, 2]).isEmpty)
    }
}
