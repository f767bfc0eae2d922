import Foundation
import QbitelEngine
import QbitelStore

/// A second `qbitel discover` of the same file is served from the workspace: how much faster than the first run,
/// capture by capture (goal ≥ 3×).
///
/// Measured twice: in this process, doing what the command does (read the capture; write the saved run's document
/// from the workspace when there is one, else run the orchestrator with the workspace cache and the shipped
/// classifier and write the JSON document), and, when a `qbitel` binary sits next to
/// this one, as the real command in its own process, start-up included. Each repetition starts from an empty
/// workspace. Captures: `sample-captures/` and, when present, `../shared/captures/`.
let workspaceCacheBenchmark = Benchmark(name: "workspace-cache") { ctx in
    var files: [String] = []
    for dir in ["sample-captures", "../shared/captures"] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        files += names.filter { $0.hasSuffix(".pcap") || $0.hasSuffix(".pcapng") }.sorted().map { dir + "/" + $0 }
    }
    guard !files.isEmpty else { throw QbitelError(.fileNotFound, "no captures under sample-captures/") }
    let dir = NSTemporaryDirectory() + "qbitel-bench-cache-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let binary = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("qbitel").path
    let cli = binary.flatMap { FileManager.default.isExecutableFile(atPath: $0) ? $0 : nil }

    var rows: [BenchRow] = []
    var ratios: [String: [Double]] = ["in-process": [], "qbitel process": []]
    for file in files {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        // Each way returns whether the run was served from the workspace, when it can tell.
        var ways: [(String, (String) async throws -> Bool?)] = [("in-process", { ws in try await WorkspaceCacheRun.inProcess(file, workspace: ws) })]
        if let cli { ways.append(("qbitel process", { ws in try WorkspaceCacheRun.process(cli, file, workspace: ws, scratch: dir); return nil })) }
        for (way, discover) in ways {
            var first: [Double] = [], second: [Double] = []
            for round in 0..<max(ctx.runs, 1) {
                let ws = "\(dir)/\(name)-\(way.hasPrefix("in") ? "p" : "c")\(round).sqlite"
                var cached: [Bool?] = []
                first.append(try await WorkspaceCacheRun.seconds { cached.append(try await discover(ws)) })
                second.append(try await WorkspaceCacheRun.seconds { cached.append(try await discover(ws)) })
                if cached.contains(where: { $0 != nil }) && cached != [false, true] {
                    throw QbitelError(.internalError, "\(name): the second run was not served from the workspace")
                }
            }
            let f = median(first), s = median(second)
            let ratio = f / max(s, 1e-9)
            ratios[way, default: []].append(ratio)
            rows.append(BenchRow(metric: "\(name), \(way): first run / run served from the workspace", value: ratio, unit: "×",
                                 goal: "≥ 3×", pass: ratio >= 3,
                                 reference: String(format: "first %.0f ms, second %.0f ms", f * 1000, s * 1000)))
        }
    }
    for (way, rs) in ratios.sorted(by: { $0.key < $1.key }) where !rs.isEmpty {
        let low = rs.min()!
        rows.append(BenchRow(metric: "\(way): lowest speed-up over \(rs.count) captures", value: low, unit: "×",
                             goal: "≥ 3×", pass: low >= 3))
    }
    if cli == nil {
        rows.append(BenchRow(metric: "qbitel process: not measured (build it: swift build -c release --static-swift-stdlib)",
                             value: 0, unit: ""))
    }
    return rows
}

/// One discovery run the way `qbitel discover CAPTURE --json --workspace WS` does it.
enum WorkspaceCacheRun {
    /// Returns whether the result came from the workspace.
    static func inProcess(_ file: String, workspace: String) async throws -> Bool {
        let cap = try CaptureReader.read(path: file)
        let opts = OrchestratorOptions(discovery: DiscoveryOptions(), validationLevel: .strict)
        // Served: the saved run's sections and pages, read without opening the workspace for writing.
        if let served = WorkspaceDiscoveryCache.servedDocument(workspacePath: workspace, optionsTag: opts.tag,
                                                               hash: CaptureContentHash.compute(cap), capture: cap, typesOnly: false) {
            if served.document.isEmpty { throw QbitelError(.internalError, "empty served document for \(file)") }
            return true
        }
        let store = WorkspaceDiscoveryCache.open(workspaceOverride: workspace, capturePath: file, optionsTag: opts.tag, capture: cap)
        if let problem = store.problem { throw problem }
        let identifier = DeferredProtocolIdentifier {
            guard let model = try DefaultClassifierModel.load() else { throw QbitelError(.modelNotFound, "no built-in model") }
            return ClassifierEnsemble(model: model)
        }
        let result = await Orchestrator(options: opts, identifier: identifier, cache: store.cache).run(cap)
        var json: Data?
        if let saved = store.cache?.lastSavedDocument, result.isComplete, !result.fromCache, let discovery = result.discovery {
            json = try saved.withPhases(of: result).document(capture: cap, messages: discovery.messages, typesOnly: false)
        }
        if json == nil { json = try DiscoveryJSON.encode(OrchestratorJSON.document(capture: cap, result: result)) }
        if json?.isEmpty != false || result.discovery == nil { throw QbitelError(.internalError, "no discovery result for \(file)") }
        return result.fromCache
    }

    static func process(_ binary: String, _ file: String, workspace: String, scratch: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["discover", file, "--json", "--workspace", workspace]
        var env = ProcessInfo.processInfo.environment
        for key in ["XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"] { env[key] = scratch + "/xdg" }
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            throw QbitelError(.internalError, "qbitel discover \(file) exited with \(p.terminationStatus)")
        }
    }

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let t0 = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    }
}
