import ArgumentParser
import Foundation
import QbitelEngine
import QbitelStore

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a capture's discovered format (json, wireshark, kaitai).")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String
    @Option(help: "json (the discover document with grammar), wireshark (Lua dissector) or kaitai (.ksy).")
    var format: ExportFormat = .json
    @Option(name: [.short, .customLong("output")], help: "Output file (default: stdout).") var output: String?
    @Option(help: "Message unit for TCP: 'segment' or 'stream'.") var unit: CaptureOptions.MessageUnit = .segment
    @Flag(name: .customLong("check-tshark"),
          help: "For wireshark: run tshark with the dissector over the capture and print how many messages agree with the engine's parse.")
    var checkTshark = false
    @OptionGroup var workspace: WorkspaceOption
    @Flag(name: .customLong("no-cache"), help: "Do not read or write the workspace (always recompute).") var noCache = false

    func run() async throws {
        try await runReportingErrors {
            let cap = try CaptureReader.read(path: capture, options: CaptureOptions(messageUnit: unit))
            let result = try await ExportCommand.analysis(of: cap, path: capture, unit: unit, workspace: noCache ? nil : workspace)
            let text = try CaptureExporter.export(result, capture: cap, format: format)
            if let output {
                try CaptureExporter.write(text, to: output)
            } else {
                emit(text)
            }
            if checkTshark {
                guard format == .wireshark, let output, let grammar = result.grammar else {
                    throw QbitelError(.exportFailed, "--check-tshark needs --format wireshark and -o FILE")
                }
                let exporter = try WiresharkLuaExporter(grammar: grammar, capture: cap)
                let pdml = try ExportCommand.runTshark(lua: output, capture: capture)
                let outcome = TsharkAgreement.compare(
                    expected: TsharkAgreement.expected(exporter, messages: cap.messages),
                    observed: TsharkAgreement.observed(pdml: pdml, protocolName: exporter.protocolName))
                let parsed = cap.messages.filter { exporter.parser.matchType($0.payload) != nil }.count
                emit("tshark agreement: \(outcome.agreeing)/\(outcome.compared) messages (\(GrammarText.fmt(outcome.rate * 100, 1)) %); "
                     + "engine parse rate \(parsed)/\(cap.messages.count)"
                     + (outcome.disagreeingFrames.isEmpty ? "" : "; first differing frames \(outcome.disagreeingFrames.prefix(5).map(String.init).joined(separator: ","))") + "\n")
            }
        }
    }

    /// The analysis to export. With a workspace, the capture's saved run is used when there is one (any complete
    /// run with a grammar), with the capture's newest grammar version and the analysts' type and field names;
    /// otherwise discovery runs with `discover`'s default options and the run is saved for next time.
    static func analysis(of cap: Capture, path: String, unit: CaptureOptions.MessageUnit,
                         workspace: WorkspaceOption?) async throws -> OrchestratorResult {
        let opts = try DiscoverCommand.orchestratorOptions(typesOnly: false, level: .strict, rulesPath: nil, unit: unit)
        guard let workspace else { return await Orchestrator(options: opts).run(cap) }
        let store = WorkspaceDiscoveryCache.open(workspaceOverride: workspace.path, capturePath: path, optionsTag: opts.tag, capture: cap)
        guard let cache = store.cache else {
            if let problem = store.problem { FileHandle.standardError.write(Data("qbitel: workspace not used: \(problem)\n".utf8)) }
            return await Orchestrator(options: opts).run(cap)
        }
        let hash = CaptureContentHash.compute(cap)
        let ws = cache.workspace
        var result: OrchestratorResult
        var source: String
        if let saved = cache.load(hash: hash), saved.isComplete, saved.grammar != nil {
            result = saved
            result.fromCache = true
            source = "workspace run"
        } else {
            result = await Orchestrator(options: opts, cache: cache).run(cap)
            source = "new run"
        }
        guard result.isComplete else { return result }
        let run = try ws.latestRun(captureSHA256: hash, parameters: result.optionsTag, completeOnly: true)
            ?? ws.latestRun(captureSHA256: hash, completeOnly: true)
        if let latest = try ws.latestGrammar(captureSHA256: hash) {
            result.grammar = try Grammar.decode(Data(latest.json.utf8))
            source += ", grammar version \(latest.version)"
        }
        if let run {
            source = source.replacingOccurrences(of: "workspace run", with: "workspace run \(run.id)")
            let renames = renames(try ws.placedAnnotations(captureSHA256: hash, runID: run.id))
            if !renames.isEmpty {
                result.grammar = result.grammar.map(renames.apply)
                result.discovery = result.discovery.map { renames.apply(to: $0) }
                source += ", analyst names"
            }
        }
        FileHandle.standardError.write(Data("qbitel: exporting from the \(source)\n".utf8))
        return result
    }

    /// Type and field names from the annotations placed on a run.
    static func renames(_ placed: [PlacedAnnotation]) -> GrammarRenames {
        var r = GrammarRenames()
        for p in placed {
            guard let type = p.typeID, let name = p.annotation.name else { continue }
            switch p.annotation.target.kind {
            case .type where p.annotation.target.subtype.isEmpty: r.typeNames[type] = name
            case .field where p.fieldFound: r.fieldNames[type, default: [:]][p.annotation.target.fieldOffset] = name
            default: break
            }
        }
        return r
    }

    static func runTshark(lua: String, capture: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tshark", "-X", "lua_script:\(lua)", "-r", capture, "-T", "pdml"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { throw QbitelError(.exportFailed, "cannot run tshark: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw QbitelError(.exportFailed, "tshark exited with \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
