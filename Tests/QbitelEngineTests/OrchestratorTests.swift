import Foundation
import Testing
@testable import QbitelEngine

@Suite struct OrchestratorTests {
    struct FixedIdentifier: ProtocolIdentifier {
        func identify(_ capture: Capture) -> ProtocolIdentification? {
            ProtocolIdentification(label: "synthetic", confidence: 0.75, modelID: "m1")
        }
    }

    static func synthetic() -> (Capture, Orchestrator.Discover) {
        let (cap, d) = GrammarFixtures.capture(count: 200)
        return (cap, { _, _ in d })
    }

    @Test func runsAllFivePhasesWithTimingsAndEvents() async throws {
        let (cap, discover) = Self.synthetic()
        let o = Orchestrator(identifier: FixedIdentifier(), discover: discover)
        let run = o.start(cap)
        var events: [ProgressEvent] = []
        for await e in run.events { events.append(e) }
        let r = await run.result
        #expect(r.isComplete)
        #expect(r.completedPhases == AnalysisPhase.allCases)
        #expect(Set(r.phaseTimingsMS.keys) == Set(AnalysisPhase.allCases.map(\.rawValue)))
        #expect(r.identification?.label == "synthetic")
        #expect(r.grammar?.types.count == 3)
        #expect(r.validation?.parseRate == 1)
        #expect(r.statistics?.messageCount == 200)
        #expect(r.captureHash.count == 64)
        // Every phase reports its start and end, in order.
        let phases = events.map(\.phase)
        #expect(phases == AnalysisPhase.allCases.flatMap { [$0, $0] })
        #expect(events.allSatisfy { $0.fraction >= 0 && $0.fraction <= 1 })
    }

    @Test func aFailingPhaseReturnsAPartialResult() async {
        let (cap, _) = Self.synthetic()
        let o = Orchestrator(discover: { _, _ in throw QbitelError(.messageTooLarge, "too big") })
        let r = await o.run(cap)
        #expect(!r.isComplete)
        #expect(r.completedPhases == [.analysis])
        #expect(r.failedPhase == .classification)
        #expect(r.error?.code == .messageTooLarge)
        #expect(r.statistics != nil)
        #expect(r.grammar == nil)
    }

    @Test func emptyCaptureFailsInAnalysisWithATypedError() async {
        let cap = Capture(name: "empty", format: .bytes, frameCount: 0, linkTypes: [], messages: [], flows: [], warnings: [],
                          firstTimestamp: nil, lastTimestamp: nil, byteCount: 0)
        let r = await Orchestrator().run(cap)
        #expect(r.failedPhase == .analysis)
        #expect(r.error?.code == .noMessages)
    }

    @Test func cancellationStopsWithAPartialResult() async {
        let (cap, d) = GrammarFixtures.capture(count: 200)
        let gate = DispatchSemaphore(value: 0)
        let o = Orchestrator(discover: { _, _ in gate.wait(); return d })
        let run = o.start(cap)
        run.cancel()
        gate.signal()
        let r = await run.result
        #expect(r.error?.code == .discoveryCancelled)
        #expect(!r.isComplete)
        #expect(r.completedPhases.contains(.analysis))
    }

    @Test func cachedByContentHashWithHitRate() async {
        let (cap, discover) = Self.synthetic()
        let cache = InMemoryDiscoveryCache()
        let calls = Counter()
        let o = Orchestrator(cache: cache, discover: { c, opts in calls.bump(); return try discover(c, opts) })
        let first = await o.run(cap)
        #expect(!first.fromCache)
        let second = await o.run(cap)
        #expect(second.fromCache)
        #expect(second.grammar == first.grammar)
        #expect(calls.value == 1)
        #expect(o.cacheLookups == 2)
        #expect(o.cacheHits == 1)
        #expect(o.cacheHitRate == 0.5)
        // Other options: not reused.
        let strictless = Orchestrator(options: OrchestratorOptions(validationLevel: .basic), cache: cache, discover: discover)
        #expect(!(await strictless.run(cap)).fromCache)
        // Other content: another hash.
        let (other, d2) = GrammarFixtures.capture(count: 120, seed: 7)
        let r3 = await Orchestrator(cache: cache, discover: { _, _ in d2 }).run(other)
        #expect(r3.captureHash != first.captureHash)
    }

    @Test func typesOnlySkipsLearningAndValidation() async {
        let (cap, discover) = Self.synthetic()
        let r = await Orchestrator(options: OrchestratorOptions(typesOnly: true), discover: discover).run(cap)
        #expect(r.isComplete)
        #expect(r.completedPhases == [.analysis, .classification, .completion])
        #expect(r.grammar == nil)
    }

    @Test func resultRoundTripsThroughJSONForTheWorkspace() async throws {
        let (cap, discover) = Self.synthetic()
        let r = await Orchestrator(discover: discover).run(cap)
        let data = try JSONEncoder().encode(r)
        #expect(try JSONDecoder().decode(OrchestratorResult.self, from: data) == r)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func bump() { lock.lock(); n += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return n }
    }
}
