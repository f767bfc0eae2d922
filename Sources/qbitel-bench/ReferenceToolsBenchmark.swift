import Foundation
import QbitelEngine

/// `qbitel-bench reference`: the same captures read by qbitel and by tshark, the reference dissector, so the report
/// shows both side by side.
///
/// tshark runs as `tshark -n -r FILE -o tcp.desegment_tcp_streams:FALSE -T fields -e frame.number` (every frame
/// dissected, no name resolution, no TCP reassembly: the fair counterpart of qbitel's segment unit), its frame
/// count checked against ours. Two captures: the ingest benchmark's mixed pcap (rebuilt with the same seed; size from
/// `QBITEL_INGEST_MB`, default 520) and one of the shared captures' size (the largest of `../shared/captures`, else
/// `sample-captures/http.pcap`), where start-up dominates, so there qbitel is also timed as a whole `qbitel info`
/// process when the binary sits next to this one. tshark runs once on the large capture (minutes), as often as
/// `--runs` on the small one. Without tshark on `PATH` the benchmark says so and measures nothing.
let referenceToolsBenchmark = Benchmark(name: "reference") { ctx in
    guard let tshark = ReferenceTools.find("tshark") else {
        return [BenchRow(metric: "tshark not found on PATH: reference figures skipped", value: 0, unit: "",
                         reference: "install it with apt-get install -y tshark")]
    }
    var rows: [BenchRow] = []

    // A capture of the shared captures' size: start-up cost against start-up cost.
    if let small = ReferenceTools.sharedSizeCapture() {
        let name = (small as NSString).lastPathComponent
        let kb = Double(ReferenceTools.size(small)) / 1024
        var frames = 0
        let ours = try ctx.medianSeconds { frames = try CaptureReader.read(path: small).frameCount }
        let theirs = try ReferenceTools.time(ctx) { try ReferenceTools.tsharkFrames(tshark, small) }
        rows.append(BenchRow(metric: "\(name) (\(Int(kb.rounded())) KB, \(frames) frames): qbitel read, in process",
                             value: ours * 1000, unit: "ms",
                             reference: String(format: "tshark %.0f ms (whole process, ", theirs.seconds * 1000) + "\(theirs.frames) frames)"))
        if let qbitel = ReferenceTools.siblingQbitel() {
            let whole = try ctx.medianSeconds { _ = try ReferenceTools.run(qbitel, ["info", small]) }
            rows.append(BenchRow(metric: "\(name): qbitel info, whole process", value: whole * 1000, unit: "ms",
                                 reference: String(format: "tshark %.0f ms; qbitel %.1f× faster", theirs.seconds * 1000,
                                                   theirs.seconds / whole)))
        }
    }

    // The ingest benchmark's mixed pcap: throughput against throughput.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-reference-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let target = Int(ProcessInfo.processInfo.environment["QBITEL_INGEST_MB"] ?? "") ?? 520
    let big = dir + "/mixed.pcap"
    try SyntheticCaptureWriter.write(pcap: big, pcapng: nil, megabytes: target, tcpShare: 0.6, seed: 1)
    let mb = Double(ReferenceTools.size(big)) / 1_048_576
    var frames = 0
    let ours = try ctx.medianSeconds { frames = try CaptureReader.read(path: big).frameCount }
    // tshark takes minutes on the full-size capture: one run, so that `all` stays within its time budget.
    let theirs = try ReferenceTools.time(BenchContext(runs: 1)) { try ReferenceTools.tsharkFrames(tshark, big) }
    let agree = theirs.frames == frames ? "same frame count" : "tshark counted \(theirs.frames) frames"
    rows.append(BenchRow(metric: String(format: "ingest pcap mixed (%.0f MB, ", mb) + "\(frames) frames): qbitel read, segments",
                         value: mb / ours, unit: "MB/s",
                         reference: String(format: "tshark %.1f MB/s (%.1f s, one run); qbitel %.0f× faster; ", mb / theirs.seconds,
                                           theirs.seconds, theirs.seconds / ours) + agree))
    return rows
}

/// Finding, running and timing the reference tools.
enum ReferenceTools {
    static func find(_ tool: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// The `qbitel` built beside this benchmark binary, if any.
    static func siblingQbitel() -> String? {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let p = me.deletingLastPathComponent().appendingPathComponent("qbitel").path
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }

    static func sharedSizeCapture() -> String? {
        let shared = "../shared/captures"
        if let files = try? FileManager.default.contentsOfDirectory(atPath: shared) {
            let pcaps = files.filter { $0.hasSuffix(".pcap") }.map { "\(shared)/\($0)" }
            if let largest = pcaps.max(by: { size($0) < size($1) }) { return largest }
        }
        let bundled = "sample-captures/http.pcap"
        return FileManager.default.fileExists(atPath: bundled) ? bundled : nil
    }

    static func size(_ p: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0
    }

    /// Runs a program to the end, its output counted in lines and its errors discarded; a non-zero exit is an error.
    @discardableResult
    static func run(_ program: String, _ args: [String]) throws -> Int {
        let proc = Process()
        proc.executableURL = URL(fileURLWithPath: program)
        proc.arguments = args
        let out = Pipe()
        proc.standardOutput = out
        proc.standardError = FileHandle.nullDevice
        try proc.run()
        var lines = 0
        while true {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            for b in chunk where b == 10 { lines += 1 }
        }
        proc.waitUntilExit()
        guard proc.terminationStatus == 0 else {
            throw QbitelError(.internalError, "\((program as NSString).lastPathComponent) \(args.joined(separator: " ")) exited with \(proc.terminationStatus)")
        }
        return lines
    }

    /// Frames tshark dissects in `file` (one output line each).
    static func tsharkFrames(_ tshark: String, _ file: String) throws -> Int {
        try run(tshark, ["-n", "-r", file, "-o", "tcp.desegment_tcp_streams:FALSE", "-T", "fields", "-e", "frame.number"])
    }

    /// Median wall time of `body` over the context's runs, and what it returned.
    static func time(_ ctx: BenchContext, _ body: () throws -> Int) throws -> (seconds: Double, frames: Int) {
        var frames = 0
        let s = try ctx.medianSeconds { frames = try body() }
        return (s, frames)
    }
}
