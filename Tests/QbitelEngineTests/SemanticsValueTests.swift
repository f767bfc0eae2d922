import Testing
@testable import QbitelEngine

@Suite struct SemanticsValueTests {
    typealias S = SemanticsSynth

    func messages(_ fields: [[UInt8]], seed: UInt64) -> [Message] {
        var rng = SemanticsRNG(seed: seed)
        return fields.enumerated().map { i, f in S.message([0xAA] + f + S.random(3, &rng), index: i, flow: i % 3) }
    }

    @Test func constantGrowsMoreCertainWithMessages() throws {
        let few = try #require(ConstantDetector.detect(S.occurrences(messages([[1, 2]], seed: 1), offset: 1, length: 2)))
        let many = try #require(ConstantDetector.detect(S.occurrences(messages(Array(repeating: [1, 2], count: 50), seed: 1), offset: 1, length: 2)))
        #expect(few.confidence < 0.5)
        #expect(many.confidence > 0.95)
        #expect(ConstantDetector.detect(S.occurrences(messages([[1, 2], [1, 3]], seed: 1), offset: 1, length: 2)) == nil)
    }

    @Test func enumerationOfAFewDenseValues() throws {
        var rng = SemanticsRNG(seed: 2)
        let ms = messages((0..<120).map { _ in [UInt8.random(in: 1...4, using: &rng)] }, seed: 2)
        let found = EnumerationDetector.detect(S.occurrences(ms, offset: 1, length: 1))
        let e = try #require(found.first { $0.kind == .enumeration })
        #expect(e.confidence > 0.85)
        #expect(found.first { $0.kind == .flags }.map { $0.confidence < e.confidence } ?? true)
    }

    @Test func flagsWhereSparseBitsVary() throws {
        var rng = SemanticsRNG(seed: 3)
        let ms = messages((0..<100).map { _ -> [UInt8] in
            let hi: UInt8 = Bool.random(using: &rng) ? 0x80 : 0
            let lo: UInt8 = Bool.random(using: &rng) ? 0x01 : 0
            let mid: UInt8 = Bool.random(using: &rng) ? 0x10 : 0
            return [hi | lo, mid]
        }, seed: 3)
        let found = EnumerationDetector.detect(S.occurrences(ms, offset: 1, length: 2))
        let flags = try #require(found.first { $0.kind == .flags })
        let e = found.first { $0.kind == .enumeration }?.confidence ?? 0
        #expect(flags.confidence > e)
        #expect(flags.confidence > 0.65)
    }

    @Test func randomBytesAreNeitherEnumNorFlags() {
        var rng = SemanticsRNG(seed: 4)
        let ms = S.randomMessages(200, lengths: 4...10, &rng)
        for size in [1, 2, 4] {
            let best = EnumerationDetector.detect(S.occurrences(ms, offset: 0, length: size)).map(\.confidence).max() ?? 0
            #expect(best < 0.3)
        }
    }

    @Test func nulPaddedASCIIString() throws {
        let names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
        let ms = messages(names.map { Array($0.utf8) + [UInt8](repeating: 0, count: 12 - $0.utf8.count) }, seed: 5)
        let f = try #require(StringDetector.detect(S.occurrences(ms, offset: 1, length: 12)))
        #expect(f.confidence > 0.85)
        #expect(f.note.contains("NUL-terminated"))
    }

    @Test func utf8TextCountsAsText() throws {
        let ms = messages(["grüße", "café!", "naïve"].map { Array($0.utf8) }, seed: 6)
        let f = try #require(StringDetector.detect(ms.map { FieldOccurrence(message: $0, offset: 1, length: $0.length - 4) }))
        #expect(f.confidence > 0.7)
        // A broken sequence (lead byte without continuation) is not text.
        let bad = messages([[0xC3, 0x41, 0x42, 0x43]], seed: 6)
        #expect(StringDetector.detect(S.occurrences(bad, offset: 1, length: 4)) == nil)
    }

    @Test func randomBytesAreNotStrings() {
        var rng = SemanticsRNG(seed: 7)
        var high = 0
        for _ in 0..<100 {
            let ms = S.randomMessages(10, lengths: 16...20, &rng)
            if let f = StringDetector.detect(S.occurrences(ms, offset: 0, length: 8)), f.confidence >= 0.5 { high += 1 }
        }
        #expect(high == 0)
    }

    @Test func lengthPrefixedStrings() throws {
        let words = ["host", "example", "org", "mail", "a1b2c3"]
        let ms = messages(words.map { [UInt8($0.utf8.count)] + Array($0.utf8) }, seed: 8)
        let f = try #require(LengthPrefixedStringDetector.detect(ms.map { FieldOccurrence(message: $0, offset: 1, length: $0.length - 4) }))
        #expect(f.kind == .lengthPrefixedString)
        #expect(f.confidence > 0.8)
        let payload = ByteSlice([0x00, 0x05] + Array("hello".utf8) + [0x03] + Array("abc".utf8) + [0xFF])
        let s = LengthPrefixedStringDetector.strings(in: payload, at: 0)
        #expect(s.contains { $0.prefixSize == 2 && $0.endianness == .big && $0.end == 7 })
        let all = LengthPrefixedStringDetector.scan(payload)
        #expect(all.map(\.end) == [7, 11])
    }

    @Test func ipv4MatchingFlowEndpoints() throws {
        // 10.0.0.1 and 10.0.0.2 are the synthetic flows' endpoints.
        let ms = messages((0..<20).map { i in i % 2 == 0 ? [10, 0, 0, 1] : [10, 0, 0, 2] }, seed: 9)
        let f = try #require(IPv4Detector.detect(S.occurrences(ms, offset: 1, length: 4), context: SemanticContext(messages: ms)))
        #expect(f.confidence > 0.9)
        #expect(f.note.contains("endpoints"))
    }

    @Test func ipv4PrivateAddressesWithoutContext() throws {
        var rng = SemanticsRNG(seed: 10)
        let ms = messages((0..<15).map { _ in [192, 168, UInt8.random(in: 0...3, using: &rng), UInt8.random(in: 1...254, using: &rng)] }, seed: 10)
        let f = try #require(IPv4Detector.detect(S.occurrences(ms, offset: 1, length: 4), context: SemanticContext()))
        #expect(f.confidence > 0.7)
    }

    @Test func randomBytesAreNotAddresses() {
        var rng = SemanticsRNG(seed: 11)
        var high = 0
        for _ in 0..<100 {
            let ms = S.randomMessages(20, lengths: 8...12, &rng)
            if let f = IPv4Detector.detect(S.occurrences(ms, offset: 0, length: 4), context: SemanticContext(messages: ms)),
               f.confidence >= 0.5 { high += 1 }
        }
        #expect(high <= 1)
    }

    @Test func floatsInASaneRange() throws {
        var rng = SemanticsRNG(seed: 12)
        let f32 = messages((0..<30).map { _ in S.be(UInt64(Float.random(in: 15...35, using: &rng).bitPattern), 4) }, seed: 12)
        let f = try #require(FloatDetector.detect(S.occurrences(f32, offset: 1, length: 4)))
        #expect(f.confidence > 0.8)
        #expect(f.endianness == .big)
        let f64 = messages((0..<30).map { _ in S.le(Double.random(in: -1000...1000, using: &rng).bitPattern, 8) }, seed: 13)
        let g = try #require(FloatDetector.detect(S.occurrences(f64, offset: 1, length: 8)))
        #expect(g.confidence > 0.8)
        #expect(g.endianness == .little)
    }

    @Test func integersAndRandomBytesAreNotFloats() {
        var rng = SemanticsRNG(seed: 14)
        let ints = messages((0..<30).map { _ in S.be(UInt64.random(in: 0...5000, using: &rng), 4) }, seed: 14)
        #expect((FloatDetector.detect(S.occurrences(ints, offset: 1, length: 4))?.confidence ?? 0) < 0.3)
        var high = 0
        for _ in 0..<100 {
            let ms = S.randomMessages(20, lengths: 8...12, &rng)
            if let f = FloatDetector.detect(S.occurrences(ms, offset: 0, length: 4)), f.confidence >= 0.5 { high += 1 }
        }
        #expect(high <= 1)
    }
}
