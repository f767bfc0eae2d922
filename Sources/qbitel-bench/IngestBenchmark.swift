import Foundation
import QbitelEngine

/// `qbitel-bench ingest`: reading speed of pcap and pcapng on a large synthetic capture, against `cat` as the ceiling.
///
/// The captures (≥ 500 MB each, built once per run in a temporary folder and removed afterwards) hold thousands of
/// concurrent TCP conversations (handshake, request/response exchanges with 1 % reordered and 1 % retransmitted
/// segments, FINs) mixed with UDP datagrams; a UDP-only pcap of the same size measures the datagram path alone.
let ingestBenchmark = Benchmark(name: "ingest") { ctx in
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-ingest-\(getpid())").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let target = Int(ProcessInfo.processInfo.environment["QBITEL_INGEST_MB"] ?? "") ?? 520
    let mixedPcap = dir + "/mixed.pcap", mixedPcapng = dir + "/mixed.pcapng", udpPcap = dir + "/udp.pcap"
    try SyntheticCaptureWriter.write(pcap: mixedPcap, pcapng: mixedPcapng, megabytes: target, tcpShare: 0.6, seed: 1)
    try SyntheticCaptureWriter.write(pcap: udpPcap, pcapng: nil, megabytes: target, tcpShare: 0, seed: 2)

    var rows: [BenchRow] = []
    func size(_ p: String) -> Double {
        Double((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0) / 1_048_576
    }
    func catRate(_ p: String) throws -> Double {
        let mb = size(p)
        let t = try ctx.medianSeconds {
            let proc = Process()
            proc.executableURL = URL(fileURLWithPath: "/bin/sh")
            proc.arguments = ["-c", "cat '\(p)' > /dev/null"]
            try proc.run()
            proc.waitUntilExit()
        }
        return mb / t
    }
    var anonAfterRead = 0
    func readRate(_ p: String, _ unit: CaptureOptions.MessageUnit) throws -> (mbs: Double, msgs: Double, count: Int) {
        let mb = size(p)
        var count = 0
        let t = try ctx.medianSeconds {
            let cap = try CaptureReader.read(path: p, options: CaptureOptions(messageUnit: unit))
            count = cap.messages.count
            withExtendedLifetime(cap) { anonAfterRead = Swift.max(anonAfterRead, rssAnonBytes()) }
        }
        return (mb / t, Double(count) / t, count)
    }

    for (label, path) in [("pcap mixed", mixedPcap), ("pcapng mixed", mixedPcapng), ("pcap udp-only", udpPcap)] {
        rows.append(BenchRow(metric: "\(label): file size", value: size(path), unit: "MB"))
    }
    let catPcap = try catRate(mixedPcap)
    let catNg = try catRate(mixedPcapng)
    let catUDP = try catRate(udpPcap)
    rows.append(BenchRow(metric: "cat > /dev/null (ceiling), pcap mixed", value: catPcap, unit: "MB/s"))
    let cases: [(String, String, CaptureOptions.MessageUnit, Double, Double?)] = [
        ("pcap udp-only, segments", udpPcap, .segment, catUDP, 0.40),
        ("pcap mixed, segments", mixedPcap, .segment, catPcap, nil),
        ("pcap mixed, stream reassembly", mixedPcap, .streamChunk, catPcap, 0.15),
        ("pcapng mixed, segments", mixedPcapng, .segment, catNg, nil),
        ("pcapng mixed, stream reassembly", mixedPcapng, .streamChunk, catNg, 0.15),
    ]
    for (label, path, unit, ceiling, goal) in cases {
        let r = try readRate(path, unit)
        let share = r.mbs / ceiling
        rows.append(BenchRow(metric: "\(label): read", value: r.mbs, unit: "MB/s",
                             goal: goal.map { "≥ \(Int($0 * 100)) % of cat" }, pass: goal.map { share >= $0 },
                             reference: String(format: "cat %.0f MB/s; %.0f %% of cat", ceiling, share * 100)))
        rows.append(BenchRow(metric: "\(label): messages", value: r.msgs, unit: "msg/s",
                             reference: "\(r.count) messages"))
    }
    rows.append(BenchRow(metric: "peak resident memory (includes mapped capture pages)",
                         value: Double(peakRSSBytes()) / 1_048_576, unit: "MB"))
    rows.append(BenchRow(metric: "anonymous memory with a capture loaded (messages, flows)",
                         value: Double(anonAfterRead) / 1_048_576, unit: "MB"))
    return rows
}

/// Resident anonymous memory of this process now (heap, not file mappings), from /proc.
func rssAnonBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("RssAnon:") {
        return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
    }
    return 0
}
