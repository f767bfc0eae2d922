import Foundation

/// The program's metrics as the metrics screen shows them, read from the same Prometheus exposition text that
/// `qbitel discover --metrics` writes (`QbitelMetrics.exposition()`), so the screen and the export cannot disagree.
public struct MetricsSnapshot: Sendable, Equatable {
    /// One exposition line: `name{label="value",…} number`.
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double
    }

    public var samples: [Sample] = []

    public init(samples: [Sample] = []) { self.samples = samples }

    /// Parses the text exposition format; comment and malformed lines are skipped.
    public static func parse(_ text: String) -> MetricsSnapshot {
        var out: [Sample] = []
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), let space = line.lastIndex(of: " "),
                  let value = Double(line[line.index(after: space)...]) else { continue }
            let head = line[..<space]
            var name = String(head)
            var labels: [String: String] = [:]
            if let open = head.firstIndex(of: "{"), head.hasSuffix("}") {
                name = String(head[..<open])
                let body = head[head.index(after: open)..<head.index(before: head.endIndex)]
                for pair in body.split(separator: ",") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2 else { continue }
                    labels[String(kv[0])] = String(kv[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
            }
            out.append(Sample(name: name, labels: labels, value: value))
        }
        return MetricsSnapshot(samples: out)
    }

    public var isEmpty: Bool { samples.isEmpty }

    func series(_ name: String) -> [Sample] { samples.filter { $0.name == name } }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { k, v in sample.labels[k] == v } }?.value
    }

    /// The screen's lines, grouped: discovery (runs, messages, cache, time per phase), then the copilot (requests,
    /// latency, tokens, circuit breaker per provider).
    public func lines() -> [String] {
        func ms(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
        func count(_ v: Double?) -> String { v.map { String(Int($0.rounded())) } ?? "0" }
        func row(_ label: String, _ text: String) -> String { "  " + label.padded(26) + text }
        var out = ["## Discovery"]
        let runs = value("qbitel_discovery_duration_seconds_count") ?? 0
        let total = value("qbitel_discovery_duration_seconds_sum") ?? 0
        out.append(row("runs", runs > 0 ? "\(count(runs)), \(ms(total)) in all, \(ms(total / runs)) each" : "none yet"))
        out.append(row("messages processed", count(value("qbitel_messages_processed_total"))))
        out.append(row("cache", "\(count(value("qbitel_cache_lookups_total", ["outcome": "hit"]))) hits, "
                       + "\(count(value("qbitel_cache_lookups_total", ["outcome": "miss"]))) misses"))
        for s in series("qbitel_discovery_phase_duration_seconds_sum").sorted(by: { ($0.labels["phase"] ?? "") < ($1.labels["phase"] ?? "") }) {
            let phase = s.labels["phase"] ?? "?"
            let n = value("qbitel_discovery_phase_duration_seconds_count", ["phase": phase]) ?? 1
            out.append(row("phase \(phase)", "\(ms(s.value)) in \(count(n)) run\(n == 1 ? "" : "s")"))
        }
        out.append("")
        out.append("## Copilot")
        let requests = series("qbitel_copilot_latency_seconds_count")
        if requests.isEmpty { out.append(row("requests", "none yet")) }
        for r in requests.sorted(by: { ($0.labels["provider"] ?? "") < ($1.labels["provider"] ?? "") }) {
            let p = r.labels["provider"] ?? "?"
            let sum = value("qbitel_copilot_latency_seconds_sum", ["provider": p]) ?? 0
            out.append(row("requests (\(p))", "\(count(r.value)), mean latency \(ms(r.value > 0 ? sum / r.value : 0))"))
            out.append(row("tokens (\(p))", "prompt \(count(value("qbitel_copilot_tokens_total", ["provider": p, "kind": "prompt"]))), "
                           + "answer \(count(value("qbitel_copilot_tokens_total", ["provider": p, "kind": "answer"])))"))
        }
        let circuits = series("qbitel_circuit_state_info")
        if circuits.isEmpty { out.append(row("circuit breaker", "closed (no failures)")) }
        for c in circuits.sorted(by: { ($0.labels["provider"] ?? "") < ($1.labels["provider"] ?? "") }) {
            let state = c.value >= 2 ? "open" : (c.value >= 1 ? "half-open" : "closed")
            out.append(row("circuit breaker (\(c.labels["provider"] ?? "?"))", state))
        }
        return out
    }
}
