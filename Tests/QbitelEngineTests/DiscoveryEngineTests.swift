import Synchronization
import Testing
@testable import QbitelEngine

@Suite struct DiscoveryEngineTests {
    static func run(_ payloads: [[UInt8]]) throws -> DiscoveryResult {
        try DiscoveryEngine().discover(SyntheticTraffic.messages(payloads), captureName: "t")
    }

    @Test func syntheticProtocolTypesAndBoundaries() throws {
        let g = SyntheticTraffic.keyedBinary(count: 600)
        let r = try Self.run(g.payloads)
        #expect(r.messages.count == 600)
        // Boundary precision and recall against the generator's truth.
        var tp = 0, inferred = 0, truth = 0
        for m in r.messages {
            let t = Set(g.boundaries[m.messageIndex])
            let inner = m.boundaries.dropFirst().dropLast()
            inferred += inner.count
            truth += t.count
            tp += inner.filter { t.contains($0) }.count
            #expect(m.boundaryConfidence.count == inner.count)
            #expect(m.boundaryConfidence.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(m.fields.map(\.length).reduce(0, +) == g.payloads[m.messageIndex].count)
        }
        #expect(Double(tp) / Double(inferred) >= 0.8)
        #expect(Double(tp) / Double(truth) >= 0.7)
        #expect(r.types.count >= 6 && r.types.count <= 12)
        #expect(r.types.map(\.count).reduce(0, +) == 600)
        #expect(r.statistics?.messageCount == 600)
    }

    @Test func zeroMessagesGiveAnEmptyResult() throws {
        let r = try Self.run([])
        #expect(r.messages.isEmpty && r.types.isEmpty)
    }

    @Test func oneMessageGivesOneTypeWithoutInventedBoundaries() throws {
        let r = try Self.run([[1, 2, 3, 4, 5, 6, 7, 8]])
        #expect(r.types.count == 1)
        #expect(r.messages[0].boundaries == [0, 8])
    }

    @Test func identicalMessagesGiveOneType() throws {
        let r = try Self.run([[UInt8]](repeating: [9, 8, 7, 6, 5], count: 50))
        #expect(r.types.count == 1)
        #expect(r.messages.allSatisfy { $0.boundaries == [0, 5] })
    }

    @Test func randomMessagesGiveFewTypesAndFewBoundaries() throws {
        let r = try Self.run(SyntheticTraffic.random(count: 400, length: 16...64))
        #expect(r.types.count <= 3)
        let inner = r.messages.map { $0.boundaries.count - 2 }.reduce(0, +)
        let bytes = r.messages.map { $0.boundaries.last ?? 0 }.reduce(0, +)
        #expect(Double(inner) <= 0.02 * Double(bytes))
    }

    @Test func oneByteMessages() throws {
        let r = try Self.run((0..<200).map { [UInt8($0 % 3)] })
        #expect(r.messages.allSatisfy { $0.boundaries == [0, 1] })
        #expect(r.types.count >= 1 && r.types.count <= 3)
    }

    @Test func tenMegabyteMessageIsAcceptedAndLargerRefused() throws {
        let big = [UInt8](repeating: 0x55, count: 10 * 1024 * 1024)
        let r = try Self.run([big, [1, 2, 3]])
        #expect(r.messages.count == 2)
        do {
            _ = try Self.run([big + [0]])
            Issue.record("an oversized message was accepted")
        } catch let e as QbitelError {
            #expect(e.code == .messageTooLarge)
        }
    }

    @Test func manyTinyMessagesFinish() throws {
        var rng = SplitMix64(seed: 5)
        let payloads = (0..<100_000).map { _ in [UInt8.random(in: 0...3, using: &rng), UInt8.random(in: 0...255, using: &rng)] }
        let r = try Self.run(payloads)
        #expect(r.messages.count == 100_000)
    }

    @Test func reportsProgressAndCanBeCancelled() throws {
        let g = SyntheticTraffic.keyedBinary(count: 200)
        let msgs = SyntheticTraffic.messages(g.payloads)
        let capture = Capture(name: "t", format: .bytes, frameCount: msgs.count, linkTypes: [], messages: msgs, flows: [],
                              warnings: [], firstTimestamp: nil, lastTimestamp: nil, byteCount: 0)
        let steps = Mutex<[DiscoveryStep]>([])
        _ = try DiscoveryEngine().discover(capture, progress: { step, done in
            if done == 1 { steps.withLock { $0.append(step) } }
        }, isCancelled: nil)
        #expect(steps.withLock { $0 }.contains(.clustering))
        #expect(steps.withLock { $0 }.contains(.boundaries))
        do {
            _ = try DiscoveryEngine().discover(capture, progress: nil, isCancelled: { true })
            Issue.record("cancel was ignored")
        } catch let e as QbitelError {
            #expect(e.code == .discoveryCancelled)
        }
    }

    @Test func typesOnlySkipsBoundaries() throws {
        let g = SyntheticTraffic.keyedBinary(count: 100)
        let r = try DiscoveryEngine(options: DiscoveryOptions(typesOnly: true))
            .discover(SyntheticTraffic.messages(g.payloads), captureName: "t")
        #expect(r.messages.allSatisfy { $0.boundaries.count == 2 })
    }
}
