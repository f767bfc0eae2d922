import ArgumentParser
import Foundation
import Logging
import QbitelEngine
import QbitelOps
import QbitelStore

extension ValidationLevel: ExpressibleByArgument {}

struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "Infer message types, field boundaries, field meanings and a grammar, then validate every message.")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String
    @Flag(help: "Print one JSON document (the format ../shared/eval/score.py reads, plus grammar, validation and phases).")
    var json = false
    @Flag(name: .customLong("types-only"), help: "Only cluster messages into types (no grammar, no validation).")
    var typesOnly = false
    @Option(help: "Message unit for TCP: 'segment' or 'stream'.") var unit: CaptureOptions.MessageUnit = .segment
    @Option(help: "Validation level: basic, standard, strict or enterprise.") var level: ValidationLevel = .strict
    @Option(help: "Rules file for enterprise validation (see the README's grammar section).") var rules: String?
    @Flag(help: "Show progress events on stderr.") var progress = false
    @OptionGroup var workspace: WorkspaceOption
    @Flag(name: .customLong("no-cache"), help: "Do not read or write the workspace (always recompute).") var noCache = false
    @Option(help: "Protocol classifier model: builtin, NAME[@VERSION], a .json file, or 'none' (default: the one chosen with 'classifier use').")
    var classifier: String?
    @Option(help: "Write metrics in Prometheus text format to this file.") var metrics: String?

    func run() async throws {
        try await runReportingErrors {
            _ = CLIContext.logFile
            let correlationID = LogSetup.newCorrelationID()
            var log = Logger(label: "qbitel.discover")
            log[metadataKey: "correlation_id"] = .string(correlationID)
            let started = DispatchTime.now().uptimeNanoseconds
            let cap: Capture
            do {
                cap = try CaptureReader.read(path: capture, options: CaptureOptions(messageUnit: unit))
            } catch let e as QbitelError {
                log.error("capture not read", metadata: ["code": "\(e.code.rawValue)", "error": "\(e.message)"])
                throw e.with(correlationID: correlationID)
            }
            log.info("discovery started", metadata: ["capture": "\(capture)", "messages": "\(cap.messages.count)"])
            var opts = try DiscoverCommand.orchestratorOptions(typesOnly: typesOnly, level: level, rulesPath: rules, unit: unit)
            try FeatureFlags.load().apply(to: &opts.discovery)
            let identifier = try DiscoverCommand.identifier(classifier, workspace)
            let showProgress = progress
            // A saved run with these options is written straight from its stored JSON sections and pages, read
            // through a read-only connection; otherwise the workspace is opened for the orchestrator as usual.
            if json, metrics == nil, !noCache,
               let served = WorkspaceDiscoveryCache.servedDocument(
                   workspacePath: WorkspaceLocation.resolve(override: workspace.path), optionsTag: opts.tag,
                   hash: CaptureContentHash.compute(cap), capture: cap, typesOnly: typesOnly) {
                if showProgress { FileHandle.standardError.write(Data("[completion 100%] loaded from cache\n".utf8)) }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                log.info("discovery finished", metadata: [
                    "seconds": "\(seconds)", "from_cache": "true", "types": "\(served.typeCount)", "failed_phase": ""])
                emit(served.document)
                emit("\n")
                return
            }
            let store = noCache ? nil : WorkspaceDiscoveryCache.open(workspaceOverride: workspace.path, capturePath: capture,
                                                                       optionsTag: opts.tag, capture: cap)
            if let problem = store?.problem {
                log.warning("workspace not used", metadata: ["error": "\(problem)"])
                FileHandle.standardError.write(Data("qbitel: workspace not used: \(problem)\n".utf8))
            }
            let orchestrator = Orchestrator(options: opts, identifier: identifier, cache: store?.cache)
            let result = await orchestrator.run(cap) { e in
                if showProgress {
                    FileHandle.standardError.write(Data("[\(e.phase.rawValue) \(Int(e.fraction * 100))%] \(e.note)\n".utf8))
                }
            }
            try Task.checkCancellation()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            log.info("discovery finished", metadata: [
                "seconds": "\(seconds)", "from_cache": "\(result.fromCache)", "types": "\(result.discovery?.types.count ?? 0)",
                "failed_phase": "\(result.failedPhase?.rawValue ?? "")"])
            if let path = metrics {
                try DiscoverCommand.writeMetrics(result, seconds: seconds, messages: cap.messages.count, to: path)
            }
            if json {
                emit(try DiscoverCommand.document(capture: cap, result: result, typesOnly: typesOnly, saved: store?.cache?.lastSavedDocument))
                emit("\n")
            } else {
                emit(DiscoverCommand.text(capture: cap, result: result))
            }
            if let e = result.error, result.discovery == nil { throw e.with(correlationID: correlationID) }
        }
    }

    /// The `--json` document. A complete analysis just saved to the workspace is written from the sections encoded for
    /// saving (with this run's phases), the same bytes a later served run writes; anything else goes through the encoder.
    static func document(capture: Capture, result: OrchestratorResult, typesOnly: Bool, saved: DiscoveryDocumentSections?) throws -> Data {
        if let saved, result.isComplete, !result.fromCache, let discovery = result.discovery,
           let data = try saved.withPhases(of: result).document(capture: capture, messages: discovery.messages, typesOnly: typesOnly) {
            return data
        }
        return try DiscoveryJSON.encode(OrchestratorJSON.document(capture: capture, result: result, typesOnly: typesOnly))
    }

    /// The classifier the CLASSIFICATION phase asks; `none` skips identification.
    static func identifier(_ ref: String?, _ workspace: WorkspaceOption) throws -> (any ProtocolIdentifier)? {
        let name = ref ?? ClassifierCommand.activeName(workspace)
        if name == "none" { return nil }
        // The shipped model cannot be missing or bad, and decoding it is most of a cached run's time: build it only
        // when CLASSIFICATION runs. A model the user named is loaded now, so a wrong name fails before any work.
        if name == ClassifierCommand.builtinName {
            return DeferredProtocolIdentifier {
                ClassifierEnsemble(model: try ClassifierCommand.loadModel(ClassifierCommand.builtinName, WorkspaceOption()))
            }
        }
        return ClassifierEnsemble(model: try ClassifierCommand.loadModel(name, workspace))
    }

    /// Phase durations, confidences, messages and cache outcome in Prometheus text format.
    static func writeMetrics(_ result: OrchestratorResult, seconds: Double, messages: Int, to path: String) throws {
        let m = QbitelMetrics()
        for (phase, ms) in result.phaseTimingsMS { m.recordPhase(phase, seconds: ms / 1000) }
        m.recordDiscovery(seconds: seconds, messages: messages)
        m.recordCache(hit: result.fromCache)
        if let d = result.discovery {
            for t in d.types { m.recordConfidence(t.confidence, of: "type") }
            for inf in d.messages.prefix(10_000) {
                for c in inf.boundaryConfidence { m.recordConfidence(c, of: "boundary") }
                for f in inf.fields { m.recordConfidence(f.confidence, of: "field") }
            }
        }
        try m.write(to: path)
    }

    static func orchestratorOptions(typesOnly: Bool, level: ValidationLevel, rulesPath: String?,
                                    unit: CaptureOptions.MessageUnit) throws -> OrchestratorOptions {
        var opts = OrchestratorOptions(discovery: DiscoveryOptions(typesOnly: typesOnly), validationLevel: level, typesOnly: typesOnly,
                                       messageUnit: unit)
        if let rulesPath {
            guard let text = try? String(contentsOfFile: rulesPath, encoding: .utf8) else {
                throw QbitelError(.badRulesFile, "cannot read rules file \(rulesPath)")
            }
            opts.rules = try ValidationRules.parse(text)
            if level < .enterprise { opts.validationLevel = .enterprise }
        }
        return opts
    }

    /// The text report: types and fields, the grammar, the validation summary, the phases.
    static func text(capture: Capture, result: OrchestratorResult) -> String {
        var s = ""
        if let d = result.discovery { s += DiscoverySummary.text(capture: capture, result: d) }
        if let id = result.identification { s += "protocol: \(id.label) (confidence \(GrammarText.fmt(id.confidence, 2)))\n" }
        if let g = result.grammar {
            s += "\ngrammar:\n" + GrammarText.render(g)
            if let em = g.em {
                s += "EM log-likelihood: " + em.iterations.map { GrammarText.fmt($0.logLikelihood, 1) }.joined(separator: " → ")
                s += em.converged ? " (converged)\n" : " (stopped at the iteration limit)\n"
            }
        }
        if let v = result.validation {
            s += "\nvalidation: \(v.summaryLine)\n"
            for m in v.verdicts.lazy.filter({ $0.verdict != .valid }).prefix(10) {
                let r = m.reasons.first
                s += "  frame \(m.frame) \(m.verdict.rawValue): \(r.map { "\($0.code.rawValue) \($0.message)" + ($0.offset.map { " @\($0)" } ?? "") } ?? "")\n"
            }
        }
        let timings = AnalysisPhase.allCases.compactMap { p in result.phaseTimingsMS[p.rawValue].map { "\(p.rawValue) \(GrammarText.fmt($0, 1)) ms" } }
        s += "\nphases: " + timings.joined(separator: ", ") + "\n"
        if let f = result.failure {
            s += "failed in \(result.failedPhase?.rawValue ?? "?"): error \(f.code.rawValue): \(f.message)\n"
        }
        return s
    }
}
