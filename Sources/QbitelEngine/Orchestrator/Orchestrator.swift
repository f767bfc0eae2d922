import Foundation

/// Runs the five phases over a capture: ANALYSIS, CLASSIFICATION, LEARNING, VALIDATION, COMPLETION.
///
/// Progress goes out as events; cancellation is checked between phases and inside the long loops; a failure returns
/// a partial result with the typed error instead of throwing. Results are cached by the capture's content hash and
/// the hit rate is counted. The CLI and the workbench both drive this one type.
public final class Orchestrator: Sendable {
    public typealias Discover = @Sendable (Capture, DiscoveryOptions) throws -> DiscoveryResult

    public let options: OrchestratorOptions
    let identifier: (any ProtocolIdentifier)?
    let cache: (any DiscoveryCache)?
    let discover: Discover
    let counter = CacheCounter()

    public init(options: OrchestratorOptions = OrchestratorOptions(), identifier: (any ProtocolIdentifier)? = nil,
                cache: (any DiscoveryCache)? = nil, discover: Discover? = nil) {
        self.options = options
        self.identifier = identifier
        self.cache = cache
        self.discover = discover ?? { cap, opts in try DiscoveryEngine(options: opts).discover(cap) }
    }

    /// Cache lookups and hits so far.
    public var cacheLookups: Int { counter.snapshot.lookups }
    public var cacheHits: Int { counter.snapshot.hits }
    public var cacheHitRate: Double {
        let s = counter.snapshot
        return s.lookups == 0 ? 0 : Double(s.hits) / Double(s.lookups)
    }

    /// Starts an analysis in a task; the events end when the result is ready.
    public func start(_ capture: Capture) -> OrchestratorRun {
        let (stream, continuation) = AsyncStream<ProgressEvent>.makeStream(bufferingPolicy: .unbounded)
        let task = Task { [self] in
            let r = await run(capture) { continuation.yield($0) }
            continuation.finish()
            return r
        }
        return OrchestratorRun(events: stream, task: task)
    }

    /// Runs an analysis in the current task, reporting progress through `progress`.
    public func run(_ capture: Capture, progress: @Sendable (ProgressEvent) -> Void = { _ in }) async -> OrchestratorResult {
        let hash = CaptureContentHash.compute(capture)
        let tag = options.tag
        if let cache {
            let cached = cache.load(hash: hash)
            let hit = cached.map { $0.optionsTag == tag && $0.isComplete } ?? false
            counter.record(hit: hit)
            if hit, var r = cached {
                r.fromCache = true
                progress(ProgressEvent(phase: .completion, fraction: 1, note: "loaded from cache"))
                return r
            }
        }
        var result = OrchestratorResult(captureName: capture.name, captureHash: hash, optionsTag: tag)
        let cancelled: @Sendable () -> Bool = { Task.isCancelled }
        var phase = AnalysisPhase.analysis
        do {
            // ANALYSIS
            let tanalysis = begin(.analysis, progress, "statistics")
            guard !capture.messages.isEmpty else { throw QbitelError(.noMessages, "\(capture.name) holds no messages") }
            result.statistics = CaptureStatistics(messages: capture.messages)
            end(.analysis, tanalysis, &result, progress, "statistics")
            // CLASSIFICATION
            phase = .classification
            try check(cancelled)
            let tclassification = begin(.classification, progress, "message types")
            result.discovery = try discover(capture, options.discovery)
            if let identifier { result.identification = identifier.identify(capture) ?? .unknown }
            end(.classification, tclassification, &result, progress, "message types")
            if !options.typesOnly {
                // LEARNING
                phase = .learning
                try check(cancelled)
                let tlearning = begin(.learning, progress, "grammar and EM")
                let payloads = capture.messages.map(\.payload)
                let initial = GrammarLearner().learn(messages: capture.messages, discovery: result.discovery!)
                result.grammar = initial
                var em = GrammarEM()
                em.maxIterations = options.emMaxIterations
                result.grammar = try em.refine(initial, messages: payloads, isCancelled: cancelled)
                end(.learning, tlearning, &result, progress, "grammar and EM")
                // VALIDATION
                phase = .validation
                try check(cancelled)
                let tvalidation = begin(.validation, progress, "\(options.validationLevel.rawValue) validation")
                let v = try MessageValidator(grammar: result.grammar!, level: options.validationLevel, rules: options.rules)
                let assigned = Dictionary(result.discovery!.messages.map { ($0.messageIndex, $0.typeID) }, uniquingKeysWith: { a, _ in a })
                result.validation = try v.validate(capture.messages, assignedTypes: assigned, isCancelled: cancelled)
                end(.validation, tvalidation, &result, progress, "\(options.validationLevel.rawValue) validation")
            }
            // COMPLETION
            phase = .completion
            try check(cancelled)
            let tcompletion = begin(.completion, progress, "done")
            end(.completion, tcompletion, &result, progress, "done")
            cache?.save(result, hash: hash)
        } catch let e as QbitelError {
            result.failedPhase = phase
            result.failure = PhaseFailure(e)
            progress(ProgressEvent(phase: phase, fraction: 1, note: "failed: \(e)"))
        } catch {
            result.failedPhase = phase
            result.failure = PhaseFailure(QbitelError(.discoveryPhaseFailed, "\(phase.rawValue) failed: \(error)"))
            progress(ProgressEvent(phase: phase, fraction: 1, note: "failed: \(error)"))
        }
        return result
    }

    private func check(_ cancelled: () -> Bool) throws {
        if cancelled() { throw QbitelError(.discoveryCancelled, "analysis cancelled") }
    }

    private func begin(_ phase: AnalysisPhase, _ progress: (ProgressEvent) -> Void, _ note: String) -> UInt64 {
        progress(ProgressEvent(phase: phase, fraction: 0, note: note))
        return DispatchTime.now().uptimeNanoseconds
    }

    private func end(_ phase: AnalysisPhase, _ t0: UInt64, _ result: inout OrchestratorResult,
                     _ progress: (ProgressEvent) -> Void, _ note: String) {
        result.phaseTimingsMS[phase.rawValue] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        result.completedPhases.append(phase)
        progress(ProgressEvent(phase: phase, fraction: 1, note: note))
    }
}

/// A running analysis: its progress events and its result.
public struct OrchestratorRun: Sendable {
    public let events: AsyncStream<ProgressEvent>
    public let task: Task<OrchestratorResult, Never>

    public func cancel() { task.cancel() }
    public var result: OrchestratorResult { get async { await task.value } }
}

/// Counts cache lookups and hits across runs (thread-safe).
final class CacheCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var lookups = 0
    private var hits = 0

    func record(hit: Bool) {
        lock.lock(); defer { lock.unlock() }
        lookups += 1
        if hit { hits += 1 }
    }

    var snapshot: (lookups: Int, hits: Int) {
        lock.lock(); defer { lock.unlock() }
        return (lookups, hits)
    }
}
