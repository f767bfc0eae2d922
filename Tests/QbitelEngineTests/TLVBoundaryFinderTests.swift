import Testing
@testable import QbitelEngine

@Suite struct TLVBoundaryFinderTests {
    /// A 4-byte header (10 FF 07 02, which no layout reads as items) then 1–6 type(1)/length(1)/value items of
    /// 0–6 bytes; optionally closed by an end marker FF and zero padding. Returns payloads and true inner boundaries.
    static func options(count: Int, endMarker: Bool = false, seed: UInt64 = 5) -> (payloads: [[UInt8]], truth: [[Int]]) {
        var rng = SplitMix64(seed: seed)
        var payloads: [[UInt8]] = [], truth: [[Int]] = []
        for _ in 0..<count {
            var p: [UInt8] = [0x10, 0xFF, 0x07, 0x02]
            var b = [4]
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let n = Int.random(in: 0...6, using: &rng)
                p.append(UInt8.random(in: 1...254, using: &rng))
                p.append(UInt8(n))
                p += (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
                b += [b.last! + 1, b.last! + 2, b.last! + 2 + n]
            }
            if endMarker {
                p.append(0xFF)
                p += [UInt8](repeating: 0, count: Int.random(in: 1...8, using: &rng))
                b.append(b.last! + 1)
            }
            payloads.append(p)
            truth.append(Array(Set(b.filter { $0 < p.count })).sorted())
        }
        return (payloads, truth)
    }

    @Test func findsTheChainAndPinsEveryItemEdge() throws {
        let g = Self.options(count: 200)
        let payloads = g.payloads.map { ByteSlice($0) }
        let finder = TLVBoundaryFinder()
        let found = try #require(finder.find(payloads, Array(payloads.indices), starts: [1, 2, 3, 4]))
        #expect(found.start == 4)
        #expect(found.layout == TLVLayout(typeSize: 1, lengthSize: 1, endianness: .big, lengthIncludesHeader: false))
        for (i, p) in payloads.enumerated() {
            #expect(finder.boundaries(p, found).map { Array(Set($0)).sorted() } == g.truth[i])
        }
    }

    @Test func endMarkerAndPaddingAreTheirOwnFields() throws {
        let g = Self.options(count: 200, endMarker: true, seed: 11)
        let payloads = g.payloads.map { ByteSlice($0) }
        let finder = TLVBoundaryFinder()
        let found = try #require(finder.find(payloads, Array(payloads.indices), starts: [1, 2, 3, 4]))
        #expect(found.start == 4)
        let right = payloads.indices.filter { finder.boundaries(payloads[$0], found).map { Array(Set($0)).sorted() } == g.truth[$0] }
        #expect(right.count == payloads.count)
    }

    @Test func randomBytesHaveNoChain() {
        let payloads = SyntheticTraffic.random(count: 200, length: 8...40).map { ByteSlice($0) }
        #expect(TLVBoundaryFinder().find(payloads, Array(payloads.indices), starts: Array(0..<8)) == nil)
    }

    @Test func tooFewMessagesHaveNoChain() {
        let payloads = [ByteSlice([1, 1, 0, 2, 0])]
        #expect(TLVBoundaryFinder().find(payloads, [0], starts: [1, 2]) == nil)
    }

    @Test func discoveryUsesTheChainPastTheColumns() throws {
        let g = Self.options(count: 300, seed: 21)
        let r = try DiscoveryEngine().discover(SyntheticTraffic.messages(g.payloads), captureName: "tlv")
        var right = 0, total = 0
        for m in r.messages {
            let truth = Set(g.truth[m.messageIndex])
            for b in m.boundaries.dropFirst().dropLast() { total += 1; if truth.contains(b) { right += 1 } }
        }
        // Every item edge is pinned in every message and nearly nothing else is reported.
        let truthCount = g.truth.map(\.count).reduce(0, +)
        #expect(total >= truthCount)
        #expect(Double(right) >= 0.9 * Double(total))
    }
}
