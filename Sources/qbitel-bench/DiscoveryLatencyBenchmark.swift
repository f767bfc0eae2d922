import Foundation
import Histogram
import QbitelEngine

/// `latency`: the original system's discovery targets (p50 < 100 ms, p99 < 500 ms, > 1,000 discoveries/s), measured
/// on many small discoveries of 100 consecutive messages each, taken from the shared captures (or synthetic traffic
/// when they are absent), as a session of an analyst's short captures would run.
let discoveryLatencyBenchmark = Benchmark(name: "latency") { ctx in
    let shared = URL(fileURLWithPath: "../shared/captures")
    var pool: [[Message]] = []
    if let files = try? FileManager.default.contentsOfDirectory(atPath: shared.path).filter({ $0.hasSuffix(".pcap") }).sorted() {
        for f in files {
            guard let msgs = try? CaptureReader.read(path: shared.appendingPathComponent(f).path).messages else { continue }
            for start in stride(from: 0, to: msgs.count, by: 100) {
                let slice = Array(msgs[start..<min(start + 100, msgs.count)])
                if slice.count >= 20 { pool.append(slice) }
            }
        }
    }
    let source = pool.isEmpty ? "synthetic" : "shared captures"
    if pool.isEmpty {
        let all = DiscoverSyntheticTraffic.keyed(count: 10_000)
        pool = stride(from: 0, to: all.count, by: 100).map { Array(all[$0..<min($0 + 100, all.count)]) }
    }
    let engine = DiscoveryEngine()
    var hist = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
    let rounds = max(1, ctx.runs)
    let t0 = DispatchTime.now().uptimeNanoseconds
    var count = 0
    for _ in 0..<rounds {
        for batch in pool {
            let s = DispatchTime.now().uptimeNanoseconds
            _ = try engine.discover(batch, captureName: "latency")
            _ = hist.record((DispatchTime.now().uptimeNanoseconds - s) / 1000)
            count += 1
        }
    }
    let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let p50 = Double(hist.valueAtPercentile(50)) / 1000, p99 = Double(hist.valueAtPercentile(99)) / 1000
    let rate = Double(count) / wall
    let note = "\(count) discoveries of ≤ 100 messages (\(source)), one core"
    return [
        BenchRow(metric: "discovery latency p50", value: p50, unit: "ms", goal: "< 100 ms", pass: p50 < 100, reference: note),
        BenchRow(metric: "discovery latency p99", value: p99, unit: "ms", goal: "< 500 ms", pass: p99 < 500, reference: note),
        BenchRow(metric: "discoveries per second", value: rate, unit: "/s", goal: "> 1000", pass: rate > 1000, reference: note),
    ]
}
