import Testing
@testable import QbitelEngine

@Suite struct SemanticsCounterIDTests {
    typealias S = SemanticsSynth

    /// Three interleaved flows; each client numbers its messages from its own random start.
    func sequenced(size: Int, step: ClosedRange<Int>, count: Int, seed: UInt64, littleEndian: Bool = false) -> [Message] {
        var rng = SemanticsRNG(seed: seed)
        var next = (0..<3).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) }
        let mask: UInt64 = size == 8 ? .max : (1 << UInt64(size * 8)) - 1
        return (0..<count).map { i in
            let f = i % 3
            let v = next[f] & mask
            next[f] &+= UInt64(Int.random(in: step, using: &rng))
            let field = littleEndian ? S.le(v, size) : S.be(v, size)
            return S.message([0x10] + field + S.random(6, &rng), index: i, flow: f)
        }
    }

    @Test func u16SequenceNumberPerFlow() throws {
        let ms = sequenced(size: 2, step: 1...1, count: 60, seed: 21)
        let f = try #require(CounterDetector.detect(S.occurrences(ms, offset: 1, length: 2)))
        #expect(f.kind == .counter)
        #expect(f.confidence > 0.9)
        #expect(f.endianness == .big)
        #expect(f.note.contains("within each flow"))
    }

    @Test func u32ByteCountingSequenceLittleEndian() throws {
        let ms = sequenced(size: 4, step: 1...1460, count: 45, seed: 22, littleEndian: true)
        let f = try #require(CounterDetector.detect(S.occurrences(ms, offset: 1, length: 4)))
        #expect(f.confidence > 0.9)
        #expect(f.endianness == .little)
    }

    @Test func u8CounterThatWraps() throws {
        let ms = sequenced(size: 1, step: 1...1, count: 900, seed: 23)
        let f = try #require(CounterDetector.detect(S.occurrences(ms, offset: 1, length: 1)))
        #expect(f.confidence > 0.9)
    }

    @Test func randomFieldsAreNotCounters() {
        var rng = SemanticsRNG(seed: 24)
        var high = 0, trials = 0
        for _ in 0..<200 {
            let ms = S.randomMessages(24, lengths: 8...40, &rng)
            for size in [1, 2, 4, 8] {
                trials += 1
                if let f = CounterDetector.detect(S.occurrences(ms, offset: 0, length: size)), f.confidence >= 0.5 { high += 1 }
            }
        }
        let rate = Double(high) / Double(trials)
        print("counter detector: false-positive rate at ≥0.5 on random fields: \(rate) (\(high)/\(trials))")
        #expect(rate <= 0.01)
    }

    /// Request carries a random id at offset 0; the reply (next message of the flow, other way) copies it.
    func requestReply(count: Int, seed: UInt64, echo: Bool, idValues: [UInt16]? = nil) -> [Message] {
        var rng = SemanticsRNG(seed: seed)
        var ms: [Message] = []
        for i in 0..<count {
            let id = idValues.map { $0[i % $0.count] } ?? UInt16.random(in: 0...0xFFFF, using: &rng)
            let flow = i % 4
            ms.append(S.message(S.be(UInt64(id), 2) + [0x01] + S.random(8, &rng), index: ms.count, flow: flow))
            let replyID = echo ? id : UInt16.random(in: 0...0xFFFF, using: &rng)
            ms.append(S.message(S.be(UInt64(replyID), 2) + [0x81] + S.random(12, &rng), index: ms.count, flow: flow,
                                direction: .serverToClient))
        }
        return ms
    }

    @Test func transactionIDEchoedInReply() throws {
        let ms = requestReply(count: 40, seed: 25, echo: true)
        let requests = ms.filter { $0.direction == .clientToServer }
        let f = try #require(TransactionIDDetector.detect(S.occurrences(requests, offset: 0, length: 2),
                                                          context: SemanticContext(messages: ms)))
        #expect(f.kind == .id)
        #expect(f.confidence > 0.9)
        let semantics = FieldSemantics(context: SemanticContext(messages: ms))
        #expect(semantics.classify(S.occurrences(requests, offset: 0, length: 2)).kind == .id)
    }

    @Test func notEchoedMeansNoID() {
        let ms = requestReply(count: 40, seed: 26, echo: false)
        let requests = ms.filter { $0.direction == .clientToServer }
        let f = TransactionIDDetector.detect(S.occurrences(requests, offset: 0, length: 2), context: SemanticContext(messages: ms))
        #expect((f?.confidence ?? 0) < 0.2)
    }

    @Test func echoedOpcodeIsNotAnID() {
        let ms = requestReply(count: 60, seed: 27, echo: true, idValues: [3, 4, 16])
        let requests = ms.filter { $0.direction == .clientToServer }
        let f = TransactionIDDetector.detect(S.occurrences(requests, offset: 0, length: 2), context: SemanticContext(messages: ms))
        #expect((f?.confidence ?? 0) < 0.3)
    }

    @Test func sessionIDConstantPerFlowDistinctAcrossFlows() throws {
        var rng = SemanticsRNG(seed: 28)
        let sessions = (0..<8).map { _ in S.random(4, &rng) }
        let ms = (0..<64).map { i in S.message([0xFE] + sessions[i % 8] + S.random(5, &rng), index: i, flow: i % 8) }
        let f = try #require(TransactionIDDetector.detect(S.occurrences(ms, offset: 1, length: 4), context: SemanticContext(messages: ms)))
        #expect(f.confidence > 0.7)
        #expect(f.note.contains("constant within a flow"))
    }

    @Test func randomFieldsAreNotIDs() {
        var rng = SemanticsRNG(seed: 29)
        var high = 0, trials = 0
        for _ in 0..<100 {
            let ms = S.randomMessages(30, lengths: 8...40, &rng)
            let ctx = SemanticContext(messages: ms)
            for size in [1, 2, 4] {
                trials += 1
                if let f = TransactionIDDetector.detect(S.occurrences(ms, offset: 2, length: size), context: ctx),
                   f.confidence >= 0.5 { high += 1 }
            }
        }
        let rate = Double(high) / Double(trials)
        print("id detector: false-positive rate at ≥0.5 on random fields: \(rate) (\(high)/\(trials))")
        #expect(rate <= 0.01)
    }

    @Test func idEchoedByAReplyFromAnotherFlow() throws {
        // Broadcast-style exchange: each reply comes from a different address/port, so it is in another flow.
        var rng = SemanticsRNG(seed: 30)
        var ms: [Message] = []
        for i in 0..<30 {
            let xid = S.random(4, &rng)
            ms.append(S.message([1] + xid + S.random(6, &rng), index: ms.count, flow: 2 * i))
            ms.append(S.message([2] + xid + S.random(9, &rng), index: ms.count, flow: 2 * i + 1, direction: .serverToClient))
        }
        let requests = ms.filter { $0.direction == .clientToServer }
        let f = try #require(TransactionIDDetector.detect(S.occurrences(requests, offset: 1, length: 4), context: SemanticContext(messages: ms)))
        #expect(f.confidence > 0.8)
    }

    @Test func driftingValueIsNotACounter() {
        // A slowly varying level: small steps up and down, like a delay or a temperature.
        var rng = SemanticsRNG(seed: 31)
        var level: Int64 = 40_000
        let ms = (0..<60).map { i -> Message in
            level += Int64.random(in: -300...300, using: &rng)
            return S.message(S.be(UInt64(level), 4), index: i, flow: i % 2)
        }
        let f = CounterDetector.detect(S.occurrences(ms, offset: 0, length: 4))
        #expect((f?.confidence ?? 0) < 0.3)
    }
}
