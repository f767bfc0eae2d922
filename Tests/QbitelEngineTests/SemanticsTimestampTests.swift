import Testing
@testable import QbitelEngine

@Suite struct SemanticsTimestampTests {
    typealias S = SemanticsSynth

    /// Messages one to five seconds apart whose field at offset 4 encodes their own send time (with a little skew).
    func timed(_ encode: (Double) -> [UInt8], count: Int = 30, seed: UInt64, skew: Double = 3) -> [Message] {
        var rng = SemanticsRNG(seed: seed)
        var t = S.baseTime
        return (0..<count).map { i in
            t += Double.random(in: 1...5, using: &rng)
            let field = encode(t - skew)
            return S.message([1, 2, 3, 4] + field + S.random(4, &rng), index: i, flow: i % 2, time: t)
        }
    }

    @Test func unixSeconds32BigEndian() throws {
        let ms = timed({ S.be(UInt64($0), 4) }, seed: 31)
        let f = try #require(TimestampDetector.detect(S.occurrences(ms, offset: 4, length: 4), context: SemanticContext(messages: ms)))
        #expect(f.timestampEncoding == .unixSeconds32)
        #expect(f.endianness == .big)
        #expect(f.confidence > 0.9)
    }

    @Test func ntp64FixedPoint() throws {
        let ms = timed({ t in
            let secs = UInt64(t) + 2_208_988_800
            let frac = UInt64((t - t.rounded(.down)) * 4_294_967_296)
            return S.be(secs << 32 | frac, 8)
        }, seed: 32)
        let f = try #require(TimestampDetector.detect(S.occurrences(ms, offset: 4, length: 8), context: SemanticContext(messages: ms)))
        #expect(f.timestampEncoding == .ntp64)
        #expect(f.confidence > 0.9)
    }

    @Test func millisecondsLittleEndianAndFileTime() throws {
        let ms = timed({ S.le(UInt64($0 * 1000), 8) }, seed: 33)
        let f = try #require(TimestampDetector.detect(S.occurrences(ms, offset: 4, length: 8), context: SemanticContext(messages: ms)))
        #expect(f.timestampEncoding == .unixMilliseconds64)
        #expect(f.endianness == .little)
        let ft = timed({ S.le(UInt64(($0 + 11_644_473_600) * 1e7), 8) }, seed: 34)
        let g = try #require(TimestampDetector.detect(S.occurrences(ft, offset: 4, length: 8), context: SemanticContext(messages: ft)))
        #expect(g.timestampEncoding == .windowsFileTime)
        #expect(g.confidence > 0.9)
    }

    @Test func farFromCaptureTimeIsNotATimestamp() {
        // Values 5 years before the capture: plausible dates, but not close to when the messages were seen.
        let ms = timed({ S.be(UInt64($0 - 5 * 365 * 86_400), 4) }, seed: 35)
        let f = TimestampDetector.detect(S.occurrences(ms, offset: 4, length: 4), context: SemanticContext(messages: ms))
        #expect((f?.confidence ?? 0) < 0.3)
    }

    @Test func withoutACaptureClockPlausibleDatesAreModerate() throws {
        var rng = SemanticsRNG(seed: 36)
        var t = 1_600_000_000.0
        let ms = (0..<20).map { i -> Message in
            t += Double.random(in: 10...100, using: &rng)
            return S.message([0, 0, 0, 0] + S.be(UInt64(t), 4), index: i, time: 0)
        }
        let f = try #require(TimestampDetector.detect(S.occurrences(ms, offset: 4, length: 4), context: SemanticContext(messages: ms)))
        #expect(f.confidence > 0.4 && f.confidence <= 0.6)
    }

    @Test func randomFieldsAreNotTimestamps() {
        var rng = SemanticsRNG(seed: 37)
        var high = 0, trials = 0
        for t in 0..<200 {
            let ms = S.randomMessages(16, lengths: 12...40, &rng)
            let ctx = SemanticContext(messages: ms)
            for size in [4, 8] {
                trials += 1
                if let f = TimestampDetector.detect(S.occurrences(ms, offset: t % 4, length: size), context: ctx),
                   f.confidence >= 0.5 { high += 1 }
            }
        }
        let rate = Double(high) / Double(trials)
        print("timestamp detector: false-positive rate at ≥0.5 on random fields: \(rate) (\(high)/\(trials))")
        #expect(rate <= 0.01)
    }

    @Test func fileTimesFarFromCaptureTimeStillReadAsDates() throws {
        // 8-byte FILETIME values spread over 2001…2019 (files created long before the capture).
        var rng = SemanticsRNG(seed: 38)
        let ms = (0..<20).map { i -> Message in
            let t = Double.random(in: 980_000_000...1_560_000_000, using: &rng)
            return S.message([0, 0] + S.le(UInt64((t + 11_644_473_600) * 1e7), 8), index: i, time: S.baseTime + Double(i))
        }
        let f = try #require(TimestampDetector.detect(S.occurrences(ms, offset: 2, length: 8), context: SemanticContext(messages: ms)))
        #expect(f.timestampEncoding == .windowsFileTime)
        #expect(f.confidence > 0.6 && f.confidence <= 0.8)
        #expect(f.note.contains("not near capture time"))
    }

    @Test func fourByteValuesInTheDateRangeButFarAwayAreNotDates() {
        // Any u32 between 1990 and 2040 as Unix seconds: a third of all values, so no evidence without closeness.
        var rng = SemanticsRNG(seed: 39)
        let ms = (0..<30).map { i in
            S.message(S.be(UInt64.random(in: 700_000_000...1_500_000_000, using: &rng), 4), index: i, time: S.baseTime + Double(i))
        }
        let f = TimestampDetector.detect(S.occurrences(ms, offset: 0, length: 4), context: SemanticContext(messages: ms))
        #expect((f?.confidence ?? 0) < 0.3)
    }
}
