import Testing
@testable import QbitelEngine

@Suite struct GrammarEMTests {
    /// Two types that parse the same messages but differ in their enumeration; messages from a known mixture.
    func mixture(count: Int, p: Double, seed: UInt64) -> [ByteSlice] {
        var rng = GrammarRNG(seed)
        return (0..<count).map { _ in
            let fromA = Double(rng.next() % 10_000) / 10_000 < p
            // Type A mostly says 1, type B mostly 2.
            let r = rng.int(0...9)
            let v: UInt8 = fromA ? (r < 9 ? 1 : 2) : (r < 8 ? 2 : 3)
            return ByteSlice([0x55, v, rng.byte()])
        }
    }

    func overlappingGrammar() -> Grammar {
        func type(_ id: String, _ probs: [(UInt64, Double)]) -> GrammarType {
            GrammarType(id: id, probability: 0.5, count: 1, minLength: 3, maxLength: 3, nodes: [
                .field("magic", .constant([0x55])),
                .field("op", .enumeration(width: 1, endianness: .big, values: probs.map { .init(value: $0.0, probability: $0.1) }, other: 0.01)),
                .field("x", .fixedBytes(1)),
            ])
        }
        // A deliberately poor start: both types nearly uniform, slightly apart.
        return Grammar(captureName: "mix", types: [type("A", [(1, 0.4), (2, 0.3), (3, 0.29)]), type("B", [(1, 0.3), (2, 0.4), (3, 0.29)])])
    }

    @Test func logLikelihoodNeverDecreasesAndConverges() throws {
        let msgs = mixture(count: 3000, p: 0.7, seed: 3)
        let g = try GrammarEM(maxIterations: 200, tolerance: 1e-9).refine(overlappingGrammar(), messages: msgs)
        let em = try #require(g.em)
        let lls = em.iterations.map(\.logLikelihood)
        #expect(lls.count >= 3)
        for (a, b) in zip(lls, lls.dropFirst()) { #expect(b >= a - 1e-6) }
        #expect(lls.last! > lls.first! + 1)
        #expect(em.converged)
        #expect(em.messagesUsed == 3000)
        // The learned choice probabilities sum to one per type and per enumeration.
        #expect(abs(g.types.map(\.probability).reduce(0, +) - 1) < 1e-9)
        for t in g.types {
            let e = try #require(t.nodes[1].terminal)
            let s = (e.values ?? []).map(\.probability).reduce(0, +) + (e.otherProbability ?? 0)
            #expect(abs(s - 1) < 1e-6)
        }
    }

    @Test func recoversTheGeneratingEnumerationOfARepeatedGroup() throws {
        // One type with a repeated TLV item; the continuation probability must settle near the empirical mean.
        let (cap, d) = GrammarFixtures.capture(count: 800)
        let g0 = GrammarLearner().learn(messages: cap.messages, discovery: d)
        let g = try GrammarEM().refine(g0, messages: cap.messages.map(\.payload))
        let em = try #require(g.em)
        #expect(em.converged)
        #expect(em.messagesUnparsed == 0)
        let lls = em.iterations.map(\.logLikelihood)
        for (a, b) in zip(lls, lls.dropFirst()) { #expect(b >= a - 1e-6) }
        // Type probabilities settle on the generating shares 1/2, 1/4, 1/4.
        let p = Dictionary(uniqueKeysWithValues: g.types.map { ($0.id, $0.probability) })
        #expect(abs(p["T1"]! - 0.5) < 0.02)
        #expect(abs(p["T2"]! - 0.25) < 0.02)
        // T1's op enumeration: 1 with 1/2, 2 and 3 with 1/4 each.
        let op = try #require(g.types.first { $0.id == "T1" }?.nodes[1].terminal?.values)
        let one = try #require(op.first { $0.value == 1 })
        #expect(abs(one.probability - 0.5) < 0.08)
    }

    @Test func cancellationStopsRefinement() throws {
        let msgs = mixture(count: 100, p: 0.5, seed: 1)
        #expect(throws: QbitelError.self) { try GrammarEM().refine(overlappingGrammar(), messages: msgs, isCancelled: { true }) }
    }
}
