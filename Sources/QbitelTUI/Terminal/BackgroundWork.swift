import Foundation
import QbitelCopilot
import QbitelEngine
import QbitelOps
import QbitelStore

/// Reading, discovery and exports on their own threads; each posts its result to the mailbox.
final class BackgroundWork: @unchecked Sendable {
    let mailbox: EventMailbox<WorkbenchEvent>
    /// Set by the UI thread only.
    var capture: Capture?
    private var discoveryTask: Task<Void, Never>?
    private var copilotTask: Task<Void, Never>?
    /// nil when the copilot configuration cannot be read (the pane then stays offline).
    let copilot: Copilot?
    /// The workspace analyst edits are saved to (nil when it cannot be opened for writing: edits stay in the session).
    let workspace: Workspace?
    /// Path of the open capture, and its content hash once discovery has registered it in the workspace.
    private var capturePath: String?
    private let captureHash = Locked<String?>(nil)
    /// The last finished analysis (grammar included), which exports are made from.
    private let lastAnalysis = Locked<OrchestratorResult?>(nil)
    /// What the metrics screen shows: the same registry `qbitel discover --metrics` exports.
    let metrics = QbitelMetrics()
    /// Workspace writes, one at a time and in order, never on the UI thread.
    let writes = DispatchQueue(label: "qbitel.workbench.workspace-writes", qos: .utility)

    /// With the analyst's workspace file and copilot configuration (the trainer's discovery).
    convenience init(mailbox: EventMailbox<WorkbenchEvent>) {
        self.init(mailbox: mailbox, captureName: "capture", workspace: try? Workspace(path: WorkspaceLocation.resolve(override: nil)),
                  copilot: try? CopilotConfiguration.load())
    }

    init(mailbox: EventMailbox<WorkbenchEvent>, captureName: String, workspace: Workspace?, copilot configuration: CopilotConfiguration?) {
        self.mailbox = mailbox
        self.workspace = workspace
        let (hash, queue) = (captureHash, writes)
        let sink = workspace.map {
            WorkbenchConversationSink(workspace: $0, captureName: captureName, captureHash: hash, queue: queue) { message in
                mailbox.post(.notice(message, isError: true))
            }
        }
        copilot = configuration.map { Copilot(configuration: $0, sink: sink) }
    }

    /// Probes the local model in the background and reports the copilot's state.
    func probeCopilot() {
        guard let copilot else {
            mailbox.post(.copilotStatus(.offline))
            return
        }
        let mailbox = self.mailbox
        Task.detached(priority: .utility) {
            let health = await copilot.probe()
            mailbox.post(.copilotStatus(health.reachable ? Self.paneStatus(copilot.status) : .offline))
        }
    }

    static func paneStatus(_ s: CopilotStatus) -> CopilotPaneState.Status {
        switch s {
        case .ready: return .ready
        case .airGapped: return .airGapped
        case .offline: return .offline
        case .circuitOpen: return .circuitOpen
        case .busy: return .busy
        }
    }

    func loadCapture(_ path: String) {
        capturePath = path
        let mailbox = self.mailbox
        Thread.detachNewThread {
            do {
                let c = try CaptureReader.read(path: path)
                mailbox.post(.captureLoaded(c))
            } catch let e as QbitelError {
                mailbox.post(.captureFailed(e))
            } catch {
                mailbox.post(.captureFailed(QbitelError(.ioError, "\(error)")))
            }
        }
    }

    func perform(_ effect: WorkbenchEffect, state: WorkbenchState) {
        switch effect {
        case .runDiscovery:
            guard let c = capture else { return }
            discoveryTask?.cancel()
            let cache = workspace.map { WorkspaceDiscoveryCache(workspace: $0, capturePath: capturePath, capture: c) }
            discoveryTask = Self.discover(c, cache: cache, hash: captureHash, analysis: lastAnalysis, metrics: metrics, mailbox: mailbox)
        case .persist(let edit):
            guard let d = state.discovery else { return }
            save(what: edit.summary) { AnnotationRecord.from(edit, discovery: d).map { [$0] } ?? [] }
        case .persistChange(let old, let new):
            guard let d = state.discovery else { return }
            save(what: "undo") { AnnotationRecord.records(from: old, to: new, discovery: d) }
        case .export(let path):
            guard let c = capture, let d = state.discovery else { return }
            let mailbox = self.mailbox
            let (analysis, renames) = (lastAnalysis.get(), Self.renames(state.annotations))
            let format = ExportFormat(path: path)
            Thread.detachNewThread {
                do {
                    let text: String
                    if format == .json {
                        text = String(decoding: try DiscoveryJSON.encode(DiscoveryJSON.document(capture: c, result: renames.apply(to: d))),
                                      as: UTF8.self) + "\n"
                    } else {
                        guard var r = analysis else { throw QbitelError(.exportFailed, "the analysis has not finished yet") }
                        r.grammar = r.grammar.map(renames.apply(to:))
                        text = try CaptureExporter.export(r, capture: c, format: format)
                    }
                    try CaptureExporter.write(text, to: path)
                    mailbox.post(.notice("exported \(format.rawValue), \(text.utf8.count) bytes, to \(path)", isError: false))
                } catch let e as QbitelError {
                    mailbox.post(.notice("error \(e.code.rawValue): \(e.message)", isError: true))
                } catch {
                    mailbox.post(.notice("error \(ErrorCode.exportFailed.rawValue): export to \(path) failed: \(error)", isError: true))
                }
            }
        case .askCopilot(let question, let action):
            guard let copilot else {
                mailbox.post(.copilotFailed("copilot offline: no configuration"))
                return
            }
            let typeID = state.selectedMessage.flatMap { state.typeID(of: $0) }
            let mailbox = self.mailbox
            let (capture, discovery, index) = (state.capture, state.discovery, state.selectedMessage)
            copilotTask?.cancel()
            let metrics = self.metrics
            copilotTask = Task.detached(priority: .userInitiated) {
                let started = DispatchTime.now().uptimeNanoseconds
                // The selected message, its fields and its flow neighbours, built here rather than on the UI thread.
                let selection = capture.flatMap { c in index.flatMap { try? CopilotSelection.from(capture: c, discovery: discovery, index: $0) } }
                do {
                    for try await event in copilot.ask(question, action: action, selection: selection) {
                        switch event {
                        case .delta(let piece): mailbox.post(.copilotChunk(piece))
                        case .finished(let answer):
                            mailbox.post(.copilotFinished(suggestions: Self.suggestions(answer.suggestions, typeID: typeID)))
                            metrics.recordCopilot(latencySeconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                                                  promptTokens: answer.stats.promptTokens ?? 0,
                                                  answerTokens: answer.stats.answerTokens ?? 0, provider: answer.stats.provider)
                        }
                    }
                } catch {
                    mailbox.post(.copilotFailed("\(error)"))
                }
                let status = copilot.status
                if case .circuitOpen = status {
                    metrics.recordCircuit(provider: copilot.configuration.providerOrder.first ?? "ollama", state: 2)
                } else {
                    metrics.recordCircuit(provider: copilot.configuration.providerOrder.first ?? "ollama", state: 0)
                }
                mailbox.post(.metrics(.parse(metrics.exposition())))
                mailbox.post(.copilotStatus(Self.paneStatus(status)))
            }
        case .cancelCopilot:
            copilotTask?.cancel()
        default:
            break
        }
    }

    /// Runs the orchestrator's phases off the UI thread, forwarding progress, the result and validation verdicts.
    static func discover(_ c: Capture, cache: WorkspaceDiscoveryCache?, hash: Locked<String?>,
                         analysis: Locked<OrchestratorResult?>, metrics: QbitelMetrics,
                         mailbox: EventMailbox<WorkbenchEvent>) -> Task<Void, Never> {
        Task.detached(priority: .utility) {
            let started = DispatchTime.now().uptimeNanoseconds
            let result = await Orchestrator(cache: cache).run(c) { p in
                mailbox.post(.discoveryProgress(step: p.phase.rawValue, fraction: p.fraction))
            }
            if Task.isCancelled { return }
            for (phase, ms) in result.phaseTimingsMS { metrics.recordPhase(phase, seconds: ms / 1000) }
            metrics.recordDiscovery(seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, messages: c.messages.count)
            metrics.recordCache(hit: result.fromCache)
            mailbox.post(.metrics(.parse(metrics.exposition())))
            guard let d = result.discovery else {
                mailbox.post(.discoveryFailed(result.error ?? QbitelError(.discoveryPhaseFailed, "discovery produced no result")))
                return
            }
            if let v = result.validation {
                var marks: [Int: VerdictMark] = [:]
                for m in v.verdicts { marks[m.messageIndex] = m.verdict == .valid ? .valid : .invalid }
                mailbox.post(.verdicts(marks))
            }
            if cache != nil { hash.set(result.captureHash) }
            analysis.set(result)
            mailbox.post(.discoveryFinished(d))
            if let ws = cache?.workspace, let run = try? ws.latestRun(captureSHA256: result.captureHash),
               let placed = try? ws.placedAnnotations(captureSHA256: result.captureHash, runID: run.id), !placed.isEmpty {
                mailbox.post(.annotationsRestored(.restored(from: placed)))
            }
            if let ws = cache?.workspace,
               let saved = try? WorkbenchConversationSink.savedHistory(ws, captureSHA256: result.captureHash), !saved.isEmpty {
                mailbox.post(.copilotHistoryRestored(saved))
            }
            if let e = result.error {
                mailbox.post(.notice("\(e) — partial results kept", isError: true))
            }
        }
    }

    /// Saves analyst edits to the workspace off the UI thread, in the order they were made (one serial queue);
    /// the records are worked out there too, since keying them reads the whole run. Failures come back as a notice.
    func save(what: String, _ records: @escaping @Sendable () -> [AnnotationRecord]) {
        guard let ws = workspace else { return }
        let mailbox = self.mailbox
        let hash = captureHash
        writes.async {
            guard let h = hash.get() else { return }
            do {
                for r in records() { try ws.annotate(captureSHA256: h, target: r.target, change: r.change) }
            } catch {
                mailbox.post(.notice("\(what) not saved: \(error)", isError: true))
            }
        }
    }

    /// The analyst's type and field names, for generated code (the exporters sanitise them again).
    static func renames(_ a: Annotations) -> GrammarRenames {
        var r = GrammarRenames(typeNames: a.typeNames)
        for (key, name) in a.fieldNames { r.fieldNames[key.typeID, default: [:]][key.offset] = name }
        return r
    }

    /// Every usable structured suggestion, in field order, as an edit the analyst accepts or rejects.
    static func suggestions(_ list: [FieldSuggestion]?, typeID: String?) -> [CopilotPaneState.Suggestion] {
        guard let typeID, let list else { return [] }
        var out: [CopilotPaneState.Suggestion] = []
        for f in list {
            let key = FieldKey(typeID: typeID, offset: f.offset)
            if let name = f.name, !name.isEmpty {
                out.append(.init(summary: "name the field at \(f.offset) '\(name)'", edit: .renameField(key, name)))
            }
            if let kind = f.kind {
                out.append(.init(summary: "field at \(f.offset) is \(kind.rawValue)", edit: .changeKind(key, kind)))
            }
        }
        return out
    }

    func cancel() {
        discoveryTask?.cancel()
        copilotTask?.cancel()
    }
}
