import Testing
@testable import QbitelEngine

@Suite struct SemanticsLengthTests {
    typealias S = SemanticsSynth

    /// magic(2) | u16be remaining length | random body of 4…200 bytes
    func remainingLengthMessages(count: Int, seed: UInt64) -> [Message] {
        var rng = SemanticsRNG(seed: seed)
        return (0..<count).map { i in
            let body = S.random(Int.random(in: 4...200, using: &rng), &rng)
            return S.message([0xAB, 0xCD] + S.be(UInt64(body.count), 2) + body, index: i)
        }
    }

    @Test func u16BigEndianRemainingLength() throws {
        let ms = remainingLengthMessages(count: 60, seed: 1)
        let f = try #require(LengthFieldFinder.evaluate(S.occurrences(ms, offset: 2, length: 2)))
        #expect(f.kind == .length)
        #expect(f.confidence > 0.9)
        #expect(f.lengthRelation == LengthRelation(target: .remainingAfterField, adjustment: 0, size: 2, endianness: .big))
    }

    @Test func u32LittleEndianTotalLengthWithAdjustment() throws {
        var rng = SemanticsRNG(seed: 2)
        // value = total length − 8 (a header not counted), little-endian at offset 4
        let ms = (0..<40).map { i -> Message in
            let body = S.random(Int.random(in: 10...300, using: &rng), &rng)
            let total = 8 + body.count
            return S.message([1, 2, 3, 4] + S.le(UInt64(total - 8), 4) + body, index: i)
        }
        let f = try #require(LengthFieldFinder.evaluate(S.occurrences(ms, offset: 4, length: 4)))
        #expect(f.confidence > 0.9)
        #expect(f.endianness == .little)
        let r = try #require(f.lengthRelation)
        // total = value + 8, or remaining (total − 8) = value + 0: both describe the field; either is right.
        #expect((r.target == .total && r.adjustment == 8) || (r.target == .remainingAfterField && r.adjustment == 0))
    }

    @Test func singleByteLengthThatCountsItself() throws {
        var rng = SemanticsRNG(seed: 3)
        let ms = (0..<30).map { i -> Message in
            let body = S.random(Int.random(in: 1...100, using: &rng), &rng)
            return S.message([0x68, UInt8(body.count + 1)] + body, index: i)   // value = remaining + 1
        }
        let f = try #require(LengthFieldFinder.evaluate(S.occurrences(ms, offset: 1, length: 1)))
        #expect(f.confidence > 0.85)
        #expect(f.lengthRelation?.adjustment == -1)
    }

    @Test func findLocatesTheFieldAndPrefersTwoBytesOverItsLowByte() throws {
        let ms = remainingLengthMessages(count: 80, seed: 4)
        let found = LengthFieldFinder.find(in: ms)
        let top = try #require(found.first)
        #expect(top.offset == 2 && top.size == 2 && top.endianness == .big)
        #expect(top.coveredEnd(in: ms[0].payload) == ms[0].length)
        // The low byte alone at offset 3 also matches when bodies are short, but is reduced away.
        #expect(!found.contains { $0.offset == 3 && $0.size == 1 })
    }

    @Test func oneLengthOnlyIsWeakEvidence() throws {
        // All messages 20 bytes; field says 16 = remaining. Cannot tell a length from a constant that happens to fit.
        let ms = (0..<50).map { i in S.message([9, 9, 0, 16] + [UInt8](repeating: UInt8(i), count: 16), index: i) }
        let f = try #require(LengthFieldFinder.evaluate(S.occurrences(ms, offset: 2, length: 2)))
        #expect(f.confidence < 0.6)
        #expect(f.confidence > 0.3)
    }

    @Test func randomFieldsAreNotLengthFields() {
        var rng = SemanticsRNG(seed: 5)
        var high = 0, trials = 0
        for t in 0..<200 {
            let ms = S.randomMessages(20, lengths: 8...120, &rng)
            for size in [1, 2, 4] {
                trials += 1
                if let f = LengthFieldFinder.evaluate(S.occurrences(ms, offset: t % 4, length: size)), f.confidence >= 0.5 { high += 1 }
            }
        }
        let rate = Double(high) / Double(trials)
        print("length detector: false-positive rate at ≥0.5 on random fields: \(rate) (\(high)/\(trials))")
        #expect(rate <= 0.01)
        // And scanning whole random types finds nothing sure.
        let ms = S.randomMessages(100, lengths: 8...200, &rng)
        #expect(LengthFieldFinder.find(in: ms, minConfidence: 0.5).isEmpty)
    }

    @Test func threeByteLengthAfterATypeByte() throws {
        var rng = SemanticsRNG(seed: 6)
        let ms = (0..<25).map { i -> Message in
            let body = S.random(Int.random(in: 10...400, using: &rng), &rng)
            return S.message([0x00] + S.be(UInt64(body.count), 3) + body, index: i)
        }
        let f = try #require(LengthFieldFinder.evaluate(S.occurrences(ms, offset: 1, length: 3)))
        #expect(f.confidence > 0.9)
        #expect(f.lengthRelation?.size == 3)
    }

    @Test func zeroCoveringNothingAtTheEndIsNoEvidence() throws {
        // A trailing zero word "matches" the zero bytes after it in every message.
        let ms = (0..<30).map { i in S.message([UInt8(i), 1, 2, 3, 0, 0], index: i) }
        let f = LengthFieldFinder.evaluate(S.occurrences(ms, offset: 4, length: 2))
        #expect((f?.confidence ?? 0) < 0.1)
    }

    /// header(4) | options: type(1) len(1) value… | end marker 0xFF | zero padding to 64 bytes
    func optionList(_ rng: inout SemanticsRNG, index: Int) -> Message {
        var m: [UInt8] = [0x63, 0x82, 0x53, 0x63]
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let n = Int.random(in: 1...8, using: &rng)
            m += [UInt8.random(in: 1...250, using: &rng), UInt8(n)] + S.random(n, &rng)
        }
        m.append(0xFF)
        m += [UInt8](repeating: 0, count: Swift.max(0, 64 - m.count))
        return S.message(m, index: index)
    }

    @Test func lengthOfTheFollowingValueInAnOptionList() throws {
        var rng = SemanticsRNG(seed: 7)
        let ms = (0..<40).map { optionList(&rng, index: $0) }
        // The first option's length byte sits at offset 5.
        let f = try #require(LengthFieldFinder.evaluateFollowing(S.occurrences(ms, offset: 5, length: 1)))
        #expect(f.kind == .length)
        #expect(f.lengthRelation?.target == .following)
        #expect(f.confidence > 0.6 && f.confidence <= 0.8)
        let semantics = FieldSemantics(context: SemanticContext(messages: ms))
        #expect(semantics.classify(S.occurrences(ms, offset: 5, length: 1)).kind == .length)
    }

    @Test func randomBytesAreNotLengthsOfWhatFollows() {
        var rng = SemanticsRNG(seed: 8)
        var high = 0, trials = 0
        for t in 0..<150 {
            var ms = S.randomMessages(20, lengths: 16...80, &rng)
            // Half the trials end in zero padding, where an end marker would be accepted.
            if t % 2 == 0 {
                ms = ms.map { m in S.message(m.payload.array + [UInt8](repeating: 0, count: 12), index: m.index, flow: m.flowIndex) }
            }
            for size in [1, 2] {
                trials += 1
                if let f = LengthFieldFinder.evaluateFollowing(S.occurrences(ms, offset: 2 + t % 6, length: size)),
                   f.confidence >= 0.5 { high += 1 }
            }
        }
        let rate = Double(high) / Double(trials)
        print("following-length detector: false-positive rate at ≥0.5 on random fields: \(rate) (\(high)/\(trials))")
        #expect(rate <= 0.01)
    }
}
