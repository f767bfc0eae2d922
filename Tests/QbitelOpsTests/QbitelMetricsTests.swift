import Testing
@testable import QbitelOps

@Suite struct QbitelMetricsTests {
    @Test func exposesPrometheusText() {
        let m = QbitelMetrics()
        m.recordPhase("ANALYSIS", seconds: 0.02)
        m.recordDiscovery(seconds: 0.3, messages: 1000)
        m.recordCache(hit: true)
        m.recordCache(hit: false)
        m.recordCache(hit: true)
        m.recordConfidence(0.95, of: "boundary")
        m.recordCopilot(latencySeconds: 1.2, promptTokens: 300, answerTokens: 80, provider: "ollama")
        m.recordCircuit(provider: "ollama", state: 2)
        let text = m.exposition()
        #expect(text.contains("# TYPE qbitel_discovery_phase_duration_seconds histogram"))
        #expect(text.contains("qbitel_discovery_phase_duration_seconds_count{phase=\"ANALYSIS\"} 1"))
        #expect(text.contains("qbitel_messages_processed_total 1000"))
        #expect(text.contains("qbitel_cache_lookups_total{outcome=\"hit\"} 2"))
        #expect(text.contains("qbitel_copilot_tokens_total{provider=\"ollama\",kind=\"prompt\"} 300"))
        #expect(text.contains("qbitel_circuit_state_info{provider=\"ollama\"} 2"))
    }
}
