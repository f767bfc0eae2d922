import Testing
@testable import QbitelEngine

/// Deterministic random numbers so every synthetic capture is the same on every run.
typealias SemanticsRNG = SplitMix64

/// Builds synthetic messages whose field meanings are known by construction.
enum SemanticsSynth {
    static let baseTime: Double = 1_700_000_000

    static func flow(_ id: Int) -> FlowKey {
        FlowKey(transport: .udp, clientAddress: IPAddress([10, 0, 0, 1]), clientPort: UInt16(40000 + id),
                serverAddress: IPAddress([10, 0, 0, 2]), serverPort: 9000)
    }

    static func message(_ bytes: [UInt8], index: Int, flow: Int = 0, direction: Direction = .clientToServer,
                        time: Double = baseTime) -> Message {
        let whole = time.rounded(.down)
        return Message(index: index, frame: index + 1,
                       timestamp: Timestamp(seconds: Int64(whole), nanoseconds: UInt32((time - whole) * 1e9)),
                       flow: self.flow(flow), flowIndex: flow, direction: direction, payload: ByteSlice(bytes))
    }

    static func occurrences(_ messages: [Message], offset: Int, length: Int) -> [FieldOccurrence] {
        messages.map { FieldOccurrence(message: $0, offset: offset, length: length) }
    }

    /// Occurrences measured from the end of each message (trailers).
    static func trailer(_ messages: [Message], length: Int) -> [FieldOccurrence] {
        messages.map { FieldOccurrence(message: $0, offset: $0.length - length, length: length) }
    }

    static func random(_ n: Int, _ rng: inout SemanticsRNG) -> [UInt8] {
        (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static func be(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> UInt64(8 * (n - 1 - $0))) } }
    static func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> UInt64(8 * $0)) } }

    /// `count` messages of random bytes with random lengths in `lengths`, spread over a few flows and both directions.
    static func randomMessages(_ count: Int, lengths: ClosedRange<Int>, _ rng: inout SemanticsRNG) -> [Message] {
        (0..<count).map { i in
            message(random(Int.random(in: lengths, using: &rng), &rng), index: i, flow: i % 3,
                    direction: i % 2 == 0 ? .clientToServer : .serverToClient, time: baseTime + Double(i))
        }
    }
}

@Suite struct SemanticsContextTests {
    @Test func pairsRequestsWithRepliesWithinAFlow() {
        let ms = [
            SemanticsSynth.message([1], index: 0, flow: 0, direction: .clientToServer),
            SemanticsSynth.message([2], index: 1, flow: 1, direction: .clientToServer),
            SemanticsSynth.message([3], index: 2, flow: 0, direction: .serverToClient),
            SemanticsSynth.message([4], index: 3, flow: 1, direction: .serverToClient),
            SemanticsSynth.message([5], index: 4, flow: 0, direction: .clientToServer),
        ]
        let c = SemanticContext(messages: ms)
        #expect(c.reply(to: ms[0])?.index == 2)
        #expect(c.reply(to: ms[1])?.index == 3)
        #expect(c.request(answeredBy: ms[2])?.index == 0)
        #expect(c.request(answeredBy: ms[3])?.index == 1)
        #expect(c.reply(to: ms[4]) == nil)
        #expect(c.request(answeredBy: ms[0]) == nil)
        #expect(c.knownIPv4.contains(0x0A00_0001))
        #expect(c.hasWallClockTime)
    }

    @Test func worksOnSparseIndicesAndWithoutClock() {
        let ms = [
            SemanticsSynth.message([1], index: 10_000_000, flow: 0, direction: .clientToServer, time: 0),
            SemanticsSynth.message([2], index: 10_000_001, flow: 0, direction: .serverToClient, time: 0),
        ]
        let c = SemanticContext(messages: ms)
        #expect(c.reply(to: ms[0])?.index == 10_000_001)
        #expect(!c.hasWallClockTime)
        #expect(SemanticContext().reply(to: ms[0]) == nil)
    }

    @Test func occurrenceOutsideItsMessageIsSkippedNotTrapped() {
        let m = SemanticsSynth.message([1, 2, 3], index: 0)
        let bad = FieldOccurrence(message: m, offset: 2, length: 4)
        #expect(!bad.isValid)
        let s = FieldSemantics(context: SemanticContext(messages: [m]))
        #expect(s.candidates([bad]).isEmpty)
        #expect(s.classify([bad]).confidence <= 0.3)
    }

    @Test func everyDetectorSurvivesFieldsOutsideTheirMessages() {
        let ms = (0..<6).map { SemanticsSynth.message([UInt8](repeating: UInt8($0), count: 5), index: $0) }
        let ctx = SemanticContext(messages: ms)
        for (offset, length) in [(-1, 2), (4, 4), (0, 0), (10, 1), (3, 9)] {
            let occ = SemanticsSynth.occurrences(ms, offset: offset, length: length)
            #expect(ConstantDetector.detect(occ) == nil)
            #expect(EnumerationDetector.detect(occ).isEmpty)
            #expect(LengthFieldFinder.evaluate(occ) == nil)
            #expect(LengthFieldFinder.evaluateFollowing(occ) == nil)
            #expect(CounterDetector.detect(occ) == nil)
            #expect(TransactionIDDetector.detect(occ, context: ctx) == nil)
            #expect(TimestampDetector.detect(occ, context: ctx) == nil)
            #expect(ChecksumDetector.detect(occ) == nil)
            #expect(StringDetector.detect(occ) == nil)
            #expect(LengthPrefixedStringDetector.detect(occ) == nil)
            #expect(IPv4Detector.detect(occ, context: ctx) == nil)
            #expect(FloatDetector.detect(occ) == nil)
        }
        #expect(LengthPrefixedStringDetector.strings(in: ms[0].payload, at: -3).isEmpty)
        #expect(TLVChainFinder.chains(in: ms[0].payload, from: -1).isEmpty)
        #expect(LengthFieldFinder.find(in: []).isEmpty)
        #expect(ChecksumDetector.find(in: []).isEmpty)
        #expect(TLVChainFinder.consistentLayouts(in: [], from: 0).isEmpty)
    }
}
