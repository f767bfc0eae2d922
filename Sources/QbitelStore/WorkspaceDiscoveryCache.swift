#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import QbitelEngine

/// The orchestrator's cache kept in the workspace: a second analysis of the same capture bytes is served from the
/// last saved run instead of being recomputed, in this process or any later one.
///
/// The discovery result goes into the run's pages and type rows (so the workbench can page it), the rest of the
/// analysis into the run's envelope, and the grammar becomes a new grammar version when it changed. The protocol
/// cannot throw: a failed save or load is kept in `problems` and the analysis simply runs again next time.
public final class WorkspaceDiscoveryCache: DiscoveryCache, @unchecked Sendable {
    public let workspace: Workspace
    let capturePath: String?
    let optionsTag: String?
    let capture: Capture?
    private let lock = NSLock()
    private var recorded: [QbitelError] = []
    private var savedDocument: DiscoveryDocumentSections?

    /// `capturePath` names the file in `qbitel workspace list`; `optionsTag` (the orchestrator's `options.tag`)
    /// makes `load` pick the newest run made with the same options.
    ///
    /// With `capture`, the capture statistics (large per-column histograms that are slow to decode and quick to
    /// compute) are not stored but computed again from the messages on load, after checking at save time that this
    /// gives the same value.
    public init(workspace: Workspace, capturePath: String? = nil, optionsTag: String? = nil, capture: Capture? = nil) {
        self.workspace = workspace
        self.capture = capture
        self.capturePath = capturePath.map(Workspace.absolutePath)
        self.optionsTag = optionsTag
    }

    /// The one line for a command: the cache in the workspace at `--workspace` or the XDG default, or nil with the
    /// reason when the workspace cannot be opened for writing (the command then just runs without a cache).
    public static func open(workspaceOverride: String?, capturePath: String?, optionsTag: String? = nil, capture: Capture? = nil)
        -> (cache: WorkspaceDiscoveryCache?, problem: QbitelError?) {
        do {
            let ws = try Workspace(path: WorkspaceLocation.resolve(override: workspaceOverride))
            return (WorkspaceDiscoveryCache(workspace: ws, capturePath: capturePath, optionsTag: optionsTag, capture: capture), nil)
        } catch let e as QbitelError {
            return (nil, e)
        } catch {
            return (nil, QbitelError(.internalError, "\(error)"))
        }
    }

    /// Errors met by `load` and `save`, oldest first.
    public var problems: [QbitelError] {
        lock.lock(); defer { lock.unlock() }
        return recorded
    }

    /// The document sections of the last analysis saved through this cache (its phases as a served run will show
    /// them), so the command that ran it can write its output from the same encoded sections.
    public var lastSavedDocument: DiscoveryDocumentSections? {
        lock.lock(); defer { lock.unlock() }
        return savedDocument
    }

    /// The `discover --json` document of the newest complete run of `hash` made with `optionsTag` in the workspace at
    /// `path`, written from its saved sections and pages without decoding the analysis.
    ///
    /// The file is read through one read-only connection, so serving never writes to it (no WAL set-up, no schema
    /// check that takes the write lock). Nil when the file, the run or its sections are not there, or the schema is
    /// not exactly this build's: the caller then opens the workspace as usual, which reports any problem and decides.
    public static func servedDocument(workspacePath path: String, optionsTag: String, hash: String, capture: Capture,
                                      typesOnly: Bool) -> (document: Data, typeCount: Int)? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(Workspace.busyTimeout)
        config.label = "workspace-served"
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let saved = try queue.read { db -> (runID: Int64, sections: DiscoveryDocumentSections, messages: [MessageInference], typeCount: Int)? in
                let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                guard Set(applied) == Set(WorkspaceSchema.versions) else { return nil }
                return try Workspace.servedDocument(captureSHA256: hash, parameters: optionsTag, db)
            }
            guard let saved, saved.messages.allSatisfy({ $0.messageIndex >= 0 && $0.messageIndex < capture.messages.count }),
                  let document = try saved.sections.document(capture: capture, messages: saved.messages, typesOnly: typesOnly)
            else { return nil }
            return (document, saved.typeCount)
        } catch {
            return nil
        }
    }

    private func record(_ e: any Error) {
        let q = e as? QbitelError ?? QbitelError(.internalError, "\(e)")
        lock.lock(); defer { lock.unlock() }
        recorded.append(q)
    }

    public func load(hash: String) -> OrchestratorResult? {
        do {
            var run = try optionsTag.flatMap { try workspace.latestRun(captureSHA256: hash, parameters: $0, completeOnly: true) }
            if run == nil { run = try workspace.latestRun(captureSHA256: hash, completeOnly: true) }
            guard let run, let envelope = try workspace.envelope(runID: run.id) else { return nil }
            let stored = try Workspace.jsonDecoder.decode(Envelope.self, from: Data(envelope.utf8))
            var result = stored.result
            if stored.hasDiscovery { result.discovery = try workspace.result(runID: run.id) }
            if stored.statisticsRecomputable == true || stored.discoveryStatisticsRecomputable == true {
                guard let capture else { return nil }
                let stats = CaptureStatistics(messages: capture.messages)
                if stored.statisticsRecomputable == true { result.statistics = stats }
                if stored.discoveryStatisticsRecomputable == true { result.discovery?.statistics = stats }
            }
            if stored.statisticsInDiscovery == true { result.statistics = result.discovery?.statistics }
            return result
        } catch {
            record(error)
            return nil
        }
    }

    public func save(_ result: OrchestratorResult, hash: String) {
        do {
            var envelope = result
            envelope.discovery = nil
            envelope.fromCache = false
            // Statistics are large (histograms per column) and usually the same as the discovery result's: keep one copy.
            var discovery = result.discovery ?? DiscoveryResult(captureName: result.captureName, messages: [], types: [])
            let computed = capture.map { CaptureStatistics(messages: $0.messages) }
            let topRecomputable = computed != nil && result.statistics == computed
            let discoveryRecomputable = computed != nil && result.discovery?.statistics != nil && result.discovery?.statistics == computed
            if topRecomputable { envelope.statistics = nil }
            if discoveryRecomputable { discovery.statistics = nil }
            let shared = !topRecomputable && result.statistics != nil && result.statistics == result.discovery?.statistics
            if shared { envelope.statistics = nil }
            let json = String(decoding: try Workspace.jsonEncoder.encode(Envelope(hasDiscovery: result.discovery != nil, result: envelope,
                                                                                  statisticsInDiscovery: shared,
                                                                                  statisticsRecomputable: topRecomputable,
                                                                                  discoveryStatisticsRecomputable: discoveryRecomputable)),
                              as: UTF8.self)
            let status: RunStatus = result.isComplete ? .complete : (result.discovery != nil ? .partial : .failed)
            var phases: [RunPhase] = result.completedPhases.map {
                RunPhase(name: $0.rawValue, durationMS: result.phaseTimingsMS[$0.rawValue] ?? 0)
            }
            if let failed = result.failedPhase {
                phases.append(RunPhase(name: failed.rawValue, durationMS: result.phaseTimingsMS[failed.rawValue] ?? 0,
                                       status: "failed", error: result.failure.map { "error \($0.code.rawValue): \($0.message)" }))
            }
            let finished = Date()
            let total = result.phaseTimingsMS.values.reduce(0, +) / 1000
            let metadata = RunMetadata(startedAt: finished.addingTimeInterval(-total), finishedAt: finished,
                                       parameters: result.optionsTag, status: status,
                                       failure: result.failure.map { "error \($0.code.rawValue): \($0.message)" }, phases: phases)
            let grammarJSON = try result.grammar.map { String(decoding: try Workspace.jsonEncoder.encode($0), as: UTF8.self) }
            var served = result
            served.fromCache = true
            let document = status == .complete ? try DiscoveryDocumentSections(result: served, grammarJSON: grammarJSON) : nil
            _ = try workspace.saveRun(discovery, capture: identity(hash: hash, result: result), metadata: metadata,
                                      envelope: json, grammarJSON: grammarJSON, document: document, correlationID: nil)
            lock.lock()
            savedDocument = document
            lock.unlock()
        } catch {
            record(error)
        }
    }

    /// The analysis minus its discovery result, which lives in the run's pages; `hasDiscovery` tells an empty
    /// result from none.
    struct Envelope: Codable {
        var hasDiscovery: Bool
        var result: OrchestratorResult
        var statisticsInDiscovery: Bool?
        var statisticsRecomputable: Bool?
        var discoveryStatisticsRecomputable: Bool?
    }

    private func identity(hash: String, result: OrchestratorResult) -> CaptureIdentity {
        let path = capturePath ?? result.captureName
        let facts = FileFingerprint.facts(path: path)
        let fp = FileFingerprint(path: path, sha256: hash, size: facts?.size ?? 0, modified: facts?.modified ?? 0, inode: facts?.inode ?? 0)
        return CaptureIdentity(fingerprint: fp, messageCount: result.discovery?.messages.count)
    }
}
