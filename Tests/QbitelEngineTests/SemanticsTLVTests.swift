import Testing
@testable import QbitelEngine

@Suite struct SemanticsTLVTests {
    typealias S = SemanticsSynth

    /// A 4-byte header, then T(1) L(1) V items that fill the rest.
    func tlvMessage(items: Int, _ rng: inout SemanticsRNG) -> [UInt8] {
        var m: [UInt8] = [0xDE, 0xAD, 0, 0]
        for _ in 0..<items {
            let n = Int.random(in: 0...12, using: &rng)
            m += [UInt8.random(in: 1...20, using: &rng), UInt8(n)] + S.random(n, &rng)
        }
        return m
    }

    @Test func findsTheChainThatTilesTheMessage() throws {
        var rng = SemanticsRNG(seed: 41)
        let payload = ByteSlice(tlvMessage(items: 5, &rng))
        let chains = TLVChainFinder.chains(in: payload, from: 4)
        let chain = try #require(chains.first { $0.layout == TLVLayout(typeSize: 1, lengthSize: 1, endianness: .big, lengthIncludesHeader: false) })
        #expect(chain.items.count == 5)
        #expect(chain.items.last?.end == payload.count)
        #expect(chain.boundaries.first == 4)
        #expect(chain.confidence > 0.8)
    }

    @Test func itemCountAgreesWithTheWalkForEveryLayoutAndStart() {
        var rng = SemanticsRNG(seed: 44)
        var payloads = (0..<20).map { _ in ByteSlice(tlvMessage(items: Int.random(in: 1...6, using: &rng), &rng)) }
        payloads += (0..<20).map { _ in ByteSlice(S.random(Int.random(in: 1...60, using: &rng), &rng)) }
        // An end option and zero padding after a chain.
        payloads.append(ByteSlice([0xDE, 0xAD, 0, 0, 1, 2, 0xAA, 0xBB, 0xFF, 0, 0, 0]))
        var mismatches: [String] = []
        var landed = 0
        for p in payloads {
            for layout in TLVLayout.common {
                for start in 0...p.count {
                    for marker in [false, true] {
                        let walked = TLVChainFinder.walk(p, from: start, to: p.count, layout: layout, allowEndMarker: marker)
                        let counted = TLVChainFinder.itemCount(p, from: start, to: p.count, layout: layout, allowEndMarker: marker)
                        if counted != (walked?.count ?? -1) { mismatches.append("\(layout) from \(start) of \(p.count)") }
                        if let walked, let last = walked.last {
                            landed += 1
                            if !marker && last.end != p.count { mismatches.append("\(layout) from \(start) ends at \(last.end)") }
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(landed > 40)
    }

    @Test func layoutSharedByManyMessagesIsCertain() throws {
        var rng = SemanticsRNG(seed: 42)
        let payloads = (0..<40).map { _ in ByteSlice(tlvMessage(items: Int.random(in: 1...6, using: &rng), &rng)) }
        let best = try #require(TLVChainFinder.consistentLayouts(in: payloads, from: 4).first)
        #expect(best.layout.typeSize == 1 && best.layout.lengthSize == 1 && !best.layout.lengthIncludesHeader)
        #expect(best.rate == 1)
        #expect(best.confidence > 0.95)
    }

    @Test func randomBytesHaveNoSureLayout() {
        var rng = SemanticsRNG(seed: 43)
        let payloads = (0..<40).map { _ in ByteSlice(S.random(Int.random(in: 20...120, using: &rng), &rng)) }
        let best = TLVChainFinder.consistentLayouts(in: payloads, from: 4).first?.confidence ?? 0
        print("TLV layouts on random payloads: best confidence \(best)")
        #expect(best < 0.5)
    }

    @Test func chainThatOverrunsIsRejected() {
        let payload = ByteSlice([0x01, 0x05, 0xAA, 0xBB])   // claims 5 value bytes, has 2
        #expect(TLVChainFinder.chains(in: payload, from: 0, minItems: 1).isEmpty)
        #expect(TLVChainFinder.chains(in: payload, from: 9).isEmpty)
    }
}
