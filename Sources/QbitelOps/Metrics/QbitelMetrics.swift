import Foundation
import Prometheus

/// The program's metrics in one Prometheus registry: discovery phase durations, confidence, messages processed,
/// copilot latency and tokens, cache hits, circuit-breaker state.
///
/// One instance per process run (the CLI makes it, hands it to the parts that record), so there is no global state;
/// `exposition()` renders the Prometheus text format for `qbitel discover --metrics FILE` and the metrics screen.
public final class QbitelMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    public init() {
        registry = PrometheusCollectorRegistry()
    }

    private static let secondsBuckets: [Double] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    private func descriptor(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "qbitel", metricName: name, unitName: unit, helpText: help)
    }

    /// How long one discovery phase took.
    public func recordPhase(_ phase: String, seconds: Double) {
        registry.makeValueHistogram(descriptor: descriptor("discovery_phase_duration", "seconds", "Discovery phase wall time"),
                                    labels: [("phase", phase)], buckets: Self.secondsBuckets).record(seconds)
    }

    public func recordDiscovery(seconds: Double, messages: Int) {
        registry.makeValueHistogram(descriptor: descriptor("discovery_duration", "seconds", "Whole discovery wall time"),
                                    labels: [], buckets: Self.secondsBuckets).record(seconds)
        registry.makeCounter(descriptor: descriptor("messages_processed", "total", "Messages run through discovery"),
                             labels: []).increment(by: Int64(messages))
    }

    /// One confidence value (of a boundary, field or type) in [0, 1].
    public func recordConfidence(_ value: Double, of what: String) {
        registry.makeValueHistogram(descriptor: descriptor("confidence", "ratio", "Reported confidences"),
                                    labels: [("of", what)], buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0])
            .record(value)
    }

    public func recordCache(hit: Bool) {
        registry.makeCounter(descriptor: descriptor("cache_lookups", "total", "Result-cache lookups by outcome"),
                             labels: [("outcome", hit ? "hit" : "miss")]).increment()
    }

    public func recordCopilot(latencySeconds: Double, promptTokens: Int, answerTokens: Int, provider: String) {
        registry.makeValueHistogram(descriptor: descriptor("copilot_latency", "seconds", "Copilot request wall time"),
                                    labels: [("provider", provider)], buckets: Self.secondsBuckets).record(latencySeconds)
        registry.makeCounter(descriptor: descriptor("copilot_tokens", "total", "Copilot tokens by direction"),
                             labels: [("provider", provider), ("kind", "prompt")]).increment(by: Int64(promptTokens))
        registry.makeCounter(descriptor: descriptor("copilot_tokens", "total", "Copilot tokens by direction"),
                             labels: [("provider", provider), ("kind", "answer")]).increment(by: Int64(answerTokens))
    }

    /// 0 closed, 1 half-open, 2 open.
    public func recordCircuit(provider: String, state: Int) {
        registry.makeGauge(descriptor: descriptor("circuit_state", "info", "Circuit breaker: 0 closed, 1 half-open, 2 open"),
                           labels: [("provider", provider)]).set(Double(state))
    }

    /// Prometheus text exposition format.
    public func exposition() -> String {
        registry.emitToString()
    }

    public func write(to path: String) throws {
        do {
            try exposition().write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw OpsError.io("cannot write metrics to \(path): \(error.localizedDescription)")
        }
    }
}
