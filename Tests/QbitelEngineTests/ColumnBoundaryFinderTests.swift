import Testing
@testable import QbitelEngine

@Suite struct ColumnBoundaryFinderTests {
    @Test func findsHeaderBoundariesOfOneType() {
        let g = SyntheticTraffic.keyedBinary(count: 400)
        let msgs = SyntheticTraffic.messages(g.payloads)
        let views = msgs.map(MessageBytes.init)
        // Type 1 requests only (type id 2 in the generator's numbering); the capture-wide columns tell the constant
        // key byte from the constant magic next to it.
        let members = g.types.indices.filter { g.types[$0] == 2 }
        let context = CaptureStatistics(messages: msgs).columns
        let layout = ColumnBoundaryFinder().layout(views, members, context: context)
        let offsets = Set(layout.boundaries.map(\.offset))
        // Key byte, magic start and body start are true boundaries (magic end → length start is constant on both
        // sides everywhere, so no column shows it); the length field (constant in this type, a
        // zero-padded integer across the capture) is not cut in two.
        for b in [2, 3, 8] { #expect(offsets.contains(b), "missing boundary \(b)") }
        #expect(!offsets.contains(7))
        // Precision: most reported boundaries are true ones.
        let truth = Set(g.boundaries[members[0]])
        let right = layout.boundaries.filter { truth.contains($0.offset) }.count
        #expect(Double(right) >= 0.75 * Double(layout.boundaries.count))
    }

    @Test func lengthFieldPinsBothEndsWithHighConfidence() {
        let g = SyntheticTraffic.keyedBinary(count: 300)
        let views = SyntheticTraffic.messages(g.payloads).map(MessageBytes.init)
        let members = g.types.indices.filter { g.types[$0] == 4 } // variable-length names
        let layout = ColumnBoundaryFinder().layout(views, members)
        #expect(layout.lengthFields.contains { $0.offset == 6 && $0.width == 2 && $0.bigEndian && $0.delta == 8 })
        #expect(layout.boundaries.contains { $0.offset == 8 && $0.confidence >= 0.9 })
        #expect(!layout.boundaries.contains { $0.offset == 7 })
    }

    /// Layout by construction: a u16be constant 5 (00 05), a constant 1-byte code 07, a constant 1-byte version 02,
    /// then a 4-byte random id, a 1-byte flag (2 values), a 1-byte enum (3 values) and a 1-byte value of 8 values.
    static func smallFields(count: Int, seed: UInt64 = 3) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var p: [UInt8] = [0x00, 0x05, 0x07, 0x02]
            p += (0..<4).map { _ in UInt8.random(in: 0...255, using: &rng) }
            p.append(UInt8.random(in: 0...1, using: &rng) * 0x80)
            p.append(UInt8.random(in: 1...3, using: &rng))
            p.append(UInt8.random(in: 0...7, using: &rng))
            return p
        }
    }

    @Test func splitsConstantRunsAndAlignedLowEntropyFields() {
        let views = SyntheticTraffic.messages(Self.smallFields(count: 400)).map(MessageBytes.init)
        let offsets = Set(ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries.map(\.offset))
        // 2, 3: constants with different values; 4: constant → random; 8: the flag at a 4-byte boundary;
        // 10: low-entropy enum → 8-valued byte at a 2-byte boundary (an entropy step of only 1.4 bits).
        for b in [2, 3, 4, 8, 10] { #expect(offsets.contains(b), "missing boundary \(b)") }
        // Not inside the u16be 00 05, the random id or the flag/enum pair.
        for b in [1, 5, 6, 7, 9] { #expect(!offsets.contains(b), "spurious boundary \(b)") }
    }

    @Test func keepsACaptureWideMagicWholeExceptAfterAnAlignedWord() {
        // A 6-byte magic AA BB CC DD EE FF constant in every message, then random bytes.
        var rng = SplitMix64(seed: 9)
        let payloads: [[UInt8]] = (0..<200).map { _ in
            [0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF] + (0..<4).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        let msgs = SyntheticTraffic.messages(payloads)
        let views = msgs.map(MessageBytes.init)
        let context = CaptureStatistics(messages: msgs).columns
        let offsets = Set(ColumnBoundaryFinder().layout(views, Array(views.indices), context: context).boundaries.map(\.offset))
        #expect(offsets.contains(6))
        // Split only after the whole aligned word AA BB CC DD.
        #expect(offsets.contains(4))
        for b in [1, 2, 3, 5] { #expect(!offsets.contains(b), "magic cut at \(b)") }
        // The same magic one byte later (after a variable byte) is not word-aligned and stays whole.
        let shifted = payloads.enumerated().map { [UInt8(truncatingIfNeeded: $0.offset)] + $0.element }
        let shiftedMsgs = SyntheticTraffic.messages(shifted)
        let shiftedOffsets = Set(ColumnBoundaryFinder().layout(shiftedMsgs.map(MessageBytes.init), Array(shifted.indices),
                                                                context: CaptureStatistics(messages: shiftedMsgs).columns)
            .boundaries.map(\.offset))
        #expect(shiftedOffsets.contains(1) && shiftedOffsets.contains(7))
        for b in 2...6 { #expect(!shiftedOffsets.contains(b), "shifted magic cut at \(b)") }
    }

    @Test func constantTextStaysOneToken() {
        // A random u16, then the fixed name "NODE-ALPHA" and a random byte: the name is not cut letter by letter.
        var rng = SplitMix64(seed: 13)
        let payloads: [[UInt8]] = (0..<200).map { _ in
            [UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng)] + Array("NODE-ALPHA".utf8)
                + [UInt8.random(in: 0...255, using: &rng)]
        }
        let views = SyntheticTraffic.messages(payloads).map(MessageBytes.init)
        let offsets = Set(ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries.map(\.offset))
        #expect(offsets.contains(2) && offsets.contains(12))
        for b in 3...11 { #expect(!offsets.contains(b), "name cut at \(b)") }
    }

    @Test func partlyFixedTextStaysOneToken() {
        // A random u16, then an 8-letter name "HOST" + 4 random capital letters, then a random byte.
        var rng = SplitMix64(seed: 19)
        let payloads: [[UInt8]] = (0..<200).map { _ in
            [UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng)] + Array("HOST".utf8)
                + (0..<4).map { _ in UInt8.random(in: 0x41...0x5A, using: &rng) } + [UInt8.random(in: 0...255, using: &rng)]
        }
        let views = SyntheticTraffic.messages(payloads).map(MessageBytes.init)
        let offsets = Set(ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries.map(\.offset))
        #expect(offsets.contains(2) && offsets.contains(10))
        for b in 3...9 { #expect(!offsets.contains(b), "name cut at \(b)") }
    }

    @Test func randomBytesGetNoLowEntropyBoundaries() {
        let views = SyntheticTraffic.messages(SyntheticTraffic.random(count: 400, length: 16...16)).map(MessageBytes.init)
        #expect(ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries.isEmpty)
    }

    @Test func tooFewMessagesGiveNoColumnEvidence() {
        let views = SyntheticTraffic.messages([[1, 2, 3, 4]]).map(MessageBytes.init)
        #expect(ColumnBoundaryFinder().layout(views, [0]).boundaries.isEmpty)
    }
}
