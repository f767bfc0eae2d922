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

    /// A big-endian 16-bit count whose high byte is always zero (a message id, a topic length) is one field, also
    /// where the low byte is busy.
    @Test func aZeroHighByteStaysWithItsCount() {
        var rng = SplitMix64(seed: 11)
        let payloads: [[UInt8]] = (0..<80).map { _ in
            [0x30, 0x0C, 0x00, UInt8.random(in: 1...200, using: &rng)] + (0..<6).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        let views = SyntheticTraffic.messages(payloads).map(MessageBytes.init)
        let offsets = Set(ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries.map(\.offset))
        #expect(offsets.contains(2))
        #expect(!offsets.contains(3))
    }

    /// Four long messages of random payload behind a two-byte header: nothing in the payload is a field, and a
    /// handful of values per column shows no entropy or printable pattern worth an edge.
    @Test func aFewMessagesOfRandomPayloadAreNotCutUp() {
        var rng = SplitMix64(seed: 13)
        let payloads: [[UInt8]] = (0..<4).map { _ in [0, 3] + (0..<600).map { _ in UInt8.random(in: 0...255, using: &rng) } }
        let views = SyntheticTraffic.messages(payloads).map(MessageBytes.init)
        let boundaries = ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries
        #expect(boundaries.count <= 4, "\(boundaries.map(\.offset))")
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

    /// Layout by construction: a fixed tag 0x17, a 3-valued enum, a random u16 id, a big-endian 64-bit timestamp
    /// (two fixed high bytes, a slowly rising third, random low bytes), a little-endian 32-bit counter (fixed high
    /// bytes 00 07), then a random byte.
    static func wideNumbers(count: Int, seed: UInt64 = 29) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            var p: [UInt8] = [0x17, UInt8.random(in: 1...3, using: &rng)]
            p += (0..<2).map { _ in UInt8.random(in: 0...255, using: &rng) }
            p += [0xD2, 0x3D, UInt8(0x09 + i * 14 / count)] + (0..<5).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let counter = UInt32(0x0007_0000) + UInt32(i * 37)
            p += (0..<4).map { UInt8(truncatingIfNeeded: counter >> (8 * $0)) }
            p.append(UInt8.random(in: 0...255, using: &rng))
            return p
        }
    }

    @Test func wideNumbersStayWholeInEitherByteOrder() {
        let views = SyntheticTraffic.messages(Self.wideNumbers(count: 300)).map(MessageBytes.init)
        let offsets = Set(ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries.map(\.offset))
        // The timestamp starts at 4 (random id → fixed byte); nothing inside it or inside the counter.
        #expect(offsets.contains(4))
        for b in [5, 6, 7, 13, 14, 15] { #expect(!offsets.contains(b), "number cut at \(b)") }
        // One fixed tag before an enum and a random id is not a number: its edges stay.
        #expect(offsets.contains(1) && offsets.contains(2))
    }

    @Test func significanceOrderNeedsTwoFixedHighBytesAndABusyLowByte() {
        func column(_ values: [UInt8]) -> ColumnStatistics {
            var h = [UInt32](repeating: 0, count: 256)
            for v in values { h[Int(v)] += 1 }
            return ColumnStatistics(position: 0, histogram: h)
        }
        let n = 256
        let fixed = column([UInt8](repeating: 0x3D, count: n)), busy = column((0..<n).map { UInt8($0) })
        let few = column((0..<n).map { UInt8($0 % 3) })
        let bigEndian = [fixed, fixed, few, busy]
        #expect(ColumnBoundaryFinder.insideSignificanceOrderedInteger(2, bigEndian, messages: n))
        #expect(ColumnBoundaryFinder.insideSignificanceOrderedInteger(1, Array(bigEndian.reversed()), messages: n))
        // Entropy falling towards the low end, one fixed byte only, or no busy byte: not one number.
        #expect(!ColumnBoundaryFinder.insideSignificanceOrderedInteger(2, [fixed, fixed, busy, few], messages: n))
        #expect(!ColumnBoundaryFinder.insideSignificanceOrderedInteger(2, [fixed, few, busy, busy], messages: n))
        #expect(!ColumnBoundaryFinder.insideSignificanceOrderedInteger(2, [fixed, fixed, few, few], messages: n))
        // Fixed bytes then only busy ones: a constant field before a random one as often as one number.
        #expect(!ColumnBoundaryFinder.insideSignificanceOrderedInteger(2, [fixed, fixed, busy, busy], messages: n))
    }

    @Test func shortZeroRunAfterA16BitFieldIsCutIntoFieldsOfThatWidth() {
        // A random u16 id, u16 flags of a few values, a u16 count 00 01, three unused u16 counts (zero), four random
        // bytes; then the same with 14 zero bytes of padding, which stay one blank.
        var rng = SplitMix64(seed: 31)
        func payloads(zeros: Int) -> [[UInt8]] {
            (0..<200).map { _ in
                (0..<2).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    + [Bool.random(using: &rng) ? 0x81 : 0x85, Bool.random(using: &rng) ? 0x80 : 0x82, 0x00, 0x01]
                    + [UInt8](repeating: 0, count: zeros) + (0..<4).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
        }
        let counts = SyntheticTraffic.messages(payloads(zeros: 6)).map(MessageBytes.init)
        let offsets = Set(ColumnBoundaryFinder().layout(counts, Array(counts.indices)).boundaries.map(\.offset))
        for b in [2, 4, 6, 8, 10, 12] { #expect(offsets.contains(b), "missing boundary \(b)") }
        for b in [7, 9, 11] { #expect(!offsets.contains(b), "spurious boundary \(b)") }
        let padded = SyntheticTraffic.messages(payloads(zeros: 14)).map(MessageBytes.init)
        let paddedOffsets = Set(ColumnBoundaryFinder().layout(padded, Array(padded.indices)).boundaries.map(\.offset))
        #expect(paddedOffsets.contains(6) && paddedOffsets.contains(20))
        for b in 7..<20 { #expect(!paddedOffsets.contains(b), "padding cut at \(b)") }
    }

    @Test func smallTypeReadsTheCaptureColumnsOfItsCommonHeader() {
        // 100 messages: a 4-byte header 02 F0 80 32 fixed everywhere, a type byte, then 3 random bytes; type 1 has
        // 95 messages, type 2 only 5.
        var rng = SplitMix64(seed: 37)
        let payloads: [[UInt8]] = (0..<100).map { i in
            [0x02, 0xF0, 0x80, 0x32, i < 95 ? 0x01 : 0x02] + (0..<3).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        let msgs = SyntheticTraffic.messages(payloads)
        let views = msgs.map(MessageBytes.init)
        let context = CaptureStatistics(messages: msgs).columns
        let small = ColumnBoundaryFinder().layout(views, Array(95..<100), context: context).boundaries
        // The header's fixed bytes are told apart in the small type, at a modest confidence.
        for b in [1, 2, 3] {
            #expect(small.contains { $0.offset == b && $0.confidence <= 0.5 }, "small type misses \(b)")
        }
        // A large type keeps the capture-wide constant whole, as before.
        let large = Set(ColumnBoundaryFinder().layout(views, Array(0..<95), context: context).boundaries.map(\.offset))
        for b in [1, 2, 3] { #expect(!large.contains(b), "large type cut at \(b)") }
        #expect(large.contains(5))
    }

    @Test func randomBytesGetNoLowEntropyBoundaries() {
        let views = SyntheticTraffic.messages(SyntheticTraffic.random(count: 400, length: 16...16)).map(MessageBytes.init)
        #expect(ColumnBoundaryFinder().layout(views, Array(views.indices)).boundaries.isEmpty)
    }

    @Test func tooFewMessagesGiveNoColumnEvidence() {
        let views = SyntheticTraffic.messages([[1, 2, 3, 4]]).map(MessageBytes.init)
        #expect(ColumnBoundaryFinder().layout(views, [0]).boundaries.isEmpty)
    }

    /// Layout by construction: a constant 2-byte magic AB CD, a 2-byte random id, a 1-byte name length, a name of
    /// 8–24 lowercase letters, then two fields aligned on the message end: a u16be type (00 01, 00 05 or 00 0C) and a
    /// u16be class, constant 00 01. True tail boundaries sit at length − 4 and length − 2.
    static func nameThenTail(count: Int, seed: UInt64 = 21) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let n = Int.random(in: 8...24, using: &rng)
            var p: [UInt8] = [0xAB, 0xCD, UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng)]
            p.append(UInt8(n))
            p += (0..<n).map { _ in UInt8.random(in: 0x61...0x7A, using: &rng) }
            p += [0x00, [0x01, 0x05, 0x0C][Int.random(in: 0...2, using: &rng)], 0x00, 0x01]
            return p
        }
    }

    @Test func fieldsAfterAVariablePartAlignOnTheMessageEnd() {
        let payloads = Self.nameThenTail(count: 300)
        let views = SyntheticTraffic.messages(payloads).map(MessageBytes.init)
        let layout = ColumnBoundaryFinder().layout(views, Array(views.indices))
        let fromEnd = Set(layout.endBoundaries.map(\.offset))
        #expect(fromEnd.contains(4) && fromEnd.contains(2))
        // Not inside the u16be type (a zero high byte before its low byte) nor inside the constant class 00 01.
        #expect(!fromEnd.contains(3) && !fromEnd.contains(1))
        #expect(layout.shortest == payloads.map(\.count).min())
        for v in views {
            let offsets = Set(layout.evidence(count: v.count).map(\.offset))
            #expect(offsets.contains(v.count - 4) && offsets.contains(v.count - 2), "tail fields of a \(v.count)-byte message")
            #expect(!offsets.contains(v.count - 3) && !offsets.contains(v.count - 1))
            // Past the shortest message only the end-aligned edges and pinned (length field) edges remain.
            for e in layout.evidence(count: v.count) where e.offset >= layout.shortest {
                #expect([v.count - 4, v.count - 2].contains(e.offset) || e.confidence >= ColumnBoundaryFinder.pinnedConfidence,
                        "start-aligned edge \(e.offset) inside the name of a \(v.count)-byte message")
            }
        }
    }

    @Test func messagesOfOneLengthHaveNoEndAlignedEdges() {
        let views = SyntheticTraffic.messages(Self.smallFields(count: 200)).map(MessageBytes.init)
        let layout = ColumnBoundaryFinder().layout(views, Array(views.indices))
        #expect(layout.endBoundaries.isEmpty)
        #expect(layout.evidence(count: 11) == layout.boundaries)
    }
}
