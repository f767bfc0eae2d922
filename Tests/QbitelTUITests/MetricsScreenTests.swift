import QbitelEngine
import QbitelOps
import Testing
@testable import QbitelTUI

/// The metrics screen shows what the Prometheus export holds: phase times, messages, cache, copilot, circuit breaker.
@Suite struct MetricsScreenTests {
    static func recorded() -> MetricsSnapshot {
        let m = QbitelMetrics()
        m.recordPhase("cluster", seconds: 0.040)
        m.recordPhase("boundaries", seconds: 0.012)
        m.recordPhase("cluster", seconds: 0.020)
        m.recordDiscovery(seconds: 0.1, messages: 1234)
        m.recordCache(hit: true)
        m.recordCache(hit: false)
        m.recordCache(hit: true)
        m.recordCopilot(latencySeconds: 1.5, promptTokens: 321, answerTokens: 9, provider: "ollama")
        m.recordCopilot(latencySeconds: 0.5, promptTokens: 100, answerTokens: 11, provider: "ollama")
        m.recordCircuit(provider: "ollama", state: 2)
        return .parse(m.exposition())
    }

    @Test func theExpositionIsReadIntoTheScreensLines() {
        let lines = Self.recorded().lines()
        func line(_ prefix: String) -> String? { lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) } }
        #expect(line("messages processed")?.hasSuffix("1234") == true)
        #expect(line("cache")?.contains("2 hits, 1 misses") == true)
        #expect(line("phase cluster")?.contains("60.0 ms in 2 runs") == true)
        #expect(line("phase boundaries")?.contains("12.0 ms in 1 run") == true)
        #expect(line("runs")?.contains("100.0 ms") == true)
        #expect(line("requests (ollama)")?.contains("2, mean latency 1000.0 ms") == true)
        #expect(line("tokens (ollama)")?.contains("prompt 421, answer 20") == true)
        #expect(line("circuit breaker (ollama)")?.hasSuffix("open") == true)
        #expect(MetricsSnapshot.parse("# only a comment\nbroken line\n").isEmpty)
    }

    @Test func aKeyAndACommandOpenTheScreenAndItRendersIntoTheGrid() {
        var s = WorkbenchFixture.state()
        _ = WorkbenchReducer.reduce(&s, .metrics(Self.recorded()))
        WorkbenchFixture.send(&s, .char("P"))
        #expect(s.showMetrics)
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("Metrics (Esc closes"))
        #expect(text.contains("phase cluster"))
        #expect(text.contains("prompt 421, answer 20"))
        // Keys go to the screen while it is open; Esc closes it.
        WorkbenchFixture.send(&s, .char("j"))
        #expect(s.selectedRow == 0 && s.metricsScroll == 1)
        WorkbenchFixture.send(&s, .escape)
        #expect(!s.showMetrics)
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "metrics")
        WorkbenchFixture.send(&s, .enter)
        #expect(s.showMetrics)
    }

    @Test func beforeAnyActivityTheScreenSaysSoAndTheFlagCanTurnItOff() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char("P"))
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("none yet"))
        #expect(text.contains("closed (no failures)"))
        var off = WorkbenchFixture.state()
        off.metricsScreenEnabled = false
        WorkbenchFixture.send(&off, .char("P"))
        #expect(!off.showMetrics)
        #expect(off.notice?.contains("metrics_screen") == true)
    }

    @Test func theHelpOverlayListsTheMetricsKeyAndCommand() {
        let help = HelpOverlay.lines(.standard)
        #expect(help.contains { $0.contains("P") && $0.contains("metrics") })
        #expect(help.contains { $0.contains(":metrics") })
    }
}
