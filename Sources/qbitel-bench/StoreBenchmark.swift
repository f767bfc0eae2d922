import Foundation
import QbitelEngine
import QbitelStore

/// Workspace speed: save a run of 100k messages' fields, then restore what the workbench shows first (the type list
/// and the first page of messages) from a freshly opened workspace, and the whole run for the CLI cache.
let storeBenchmark = Benchmark(name: "store") { ctx in
    let messages = 100_000
    let result = SyntheticDiscovery.result(seed: 2026, messageCount: messages, typeCount: 24, fieldsPerMessage: 8)
    let identity = SyntheticDiscovery.identity(seed: 2026)
    let dir = NSTemporaryDirectory() + "qbitel-bench-store-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/workspace.sqlite"

    var round = 0
    var commitTimes: [Double] = []
    var closeTimes: [Double] = []
    _ = try ctx.medianSeconds {
        round += 1
        let t0 = DispatchTime.now().uptimeNanoseconds
        let ws = try Workspace(path: path)
        try ws.saveRun(result, capture: identity, metadata: RunMetadata(parameters: "{\"round\":\(round)}"))
        let t1 = DispatchTime.now().uptimeNanoseconds
        try ws.close()  // checkpoints the WAL into the file: after the commit, not part of the save the caller waits for
        commitTimes.append(Double(t1 - t0) / 1e9)
        closeTimes.append(Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e9)
    }
    let save = median(commitTimes)
    var firstScreen: WorkspaceSession?
    let restore = try ctx.medianSeconds {
        let ws = try Workspace(path: path, access: .readOnly)
        firstScreen = try ws.restore(captureSHA256: identity.fingerprint.sha256, firstPageSize: 200)
        try ws.close()
    }
    guard let session = firstScreen, session.types.count == result.types.count,
          session.firstPage == Array(result.messages[0..<200]) else {
        throw QbitelError(.internalError, "the restored first screen differs from what was saved")
    }
    let ws = try Workspace(path: path, access: .readOnly)
    let runID = session.run!.id
    var full: DiscoveryResult?
    let restoreAll = try ctx.medianSeconds { full = try ws.result(runID: runID) }
    guard full == result else { throw QbitelError(.internalError, "the restored run differs from what was saved") }
    let fileBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
    return [
        BenchRow(metric: "save run, \(messages) messages × 8 fields (open + commit, median)", value: save * 1000,
                 unit: "ms", goal: "≤ 1000 ms", pass: save <= 1),
        BenchRow(metric: "close after save (WAL checkpoint), median", value: median(closeTimes) * 1000, unit: "ms"),
        BenchRow(metric: "restore first screen (types + 200 messages), fresh open", value: restore * 1000, unit: "ms",
                 goal: "≤ 100 ms", pass: restore <= 0.1),
        BenchRow(metric: "restore whole run (\(messages) messages)", value: restoreAll * 1000, unit: "ms"),
        BenchRow(metric: "workspace size per run", value: fileBytes / Double(max(round, 1)) / 1_048_576, unit: "MiB"),
    ]
}
