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

    @Test func tooFewMessagesGiveNoColumnEvidence() {
        let views = SyntheticTraffic.messages([[1, 2, 3, 4]]).map(MessageBytes.init)
        #expect(ColumnBoundaryFinder().layout(views, [0]).boundaries.isEmpty)
    }
}
