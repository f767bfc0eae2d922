import Testing
@testable import QbitelEngine

@Suite struct TimestampFieldFinderTests {
    static let base: Int64 = 1_700_000_000

    /// Messages captured one second apart from `base`, each payload made from its capture second.
    static func messages(_ count: Int = 20, _ payload: (Int64, Int) -> [UInt8]) -> [Message] {
        (0..<count).map { i in
            let t = base + Int64(i)
            return Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: t, nanoseconds: 0), flow: .pseudo(),
                           flowIndex: 0, direction: .clientToServer, payload: ByteSlice(payload(t, i)))
        }
    }

    static func be(_ v: UInt64, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: v >> (8 * (width - 1 - $0))) } }

    static func find(_ msgs: [Message]) -> [TimestampFieldFinder.Found] {
        TimestampFieldFinder().find(msgs, Array(msgs.indices), context: SemanticContext(messages: msgs))
    }

    @Test func anNTPTimestampIsOneEightByteField() {
        var rng = SplitMix64(seed: 9)
        let msgs = Self.messages { t, _ in
            let ntp = UInt64(t + 2_208_988_800) << 32 | UInt64(UInt32.random(in: .min ... .max, using: &rng))
            return [0x23, 0, 6, 0xEC] + Self.be(ntp, 8) + [1, 2]
        }
        #expect(Self.find(msgs) == [TimestampFieldFinder.Found(offset: 4, width: 8)])
    }

    @Test func secondsFollowedByASmallCountAreFourBytes() {
        // Unix seconds, then microseconds: a 32.32 reading of the eight bytes lands on the capture time too, but its
        // "fraction" has an idle top byte.
        let msgs = Self.messages { t, i in Self.be(UInt64(t), 4) + Self.be(UInt64(i * 1000), 4) + [7] }
        #expect(Self.find(msgs) == [TimestampFieldFinder.Found(offset: 0, width: 4)])
    }

    @Test func withoutACaptureClockNothingIsPinned() {
        let msgs = SyntheticTraffic.messages((0..<20).map { Self.be(UInt64(Self.base) + UInt64($0), 4) + [1] })
        #expect(Self.find(msgs).isEmpty)
    }

    @Test func pinnedTimestampsDropEdgesInsideThem() {
        let evidence = [2, 5, 6, 12].map { BoundaryEvidence(offset: $0, confidence: 0.6, rule: "columns") }
        let out = BoundaryEvidence.pinning(evidence, ranges: [4..<12], confidence: TimestampFieldFinder.confidence, rule: "timestamp")
        #expect(Set(out.map(\.offset)) == [2, 4, 12])
    }
}
