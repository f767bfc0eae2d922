import Foundation
import Testing
@testable import QbitelOps

@Suite struct HealthReportTests {
    @Test func overallStatusIsTheWorstComponent() async throws {
        let report = await HealthReport.run([
            HealthCheck(name: "a") { ComponentHealth(status: .healthy, message: "fine") },
            HealthCheck(name: "b") { ComponentHealth(status: .degraded, message: "slow") },
        ])
        #expect(report.status == .degraded)
        #expect(report.status.exitCode == 1)
        let obj = try #require(JSONSerialization.jsonObject(with: try report.json()) as? [String: Any])
        #expect(obj["status"] as? String == "degraded")
        let comps = try #require(obj["components"] as? [String: [String: Any]])
        #expect(comps["b"]?["message"] as? String == "slow")
        #expect(comps["a"]?["latency_ms"] is Double)
    }

    @Test func unhealthyBeatsDegradedAndEmptyIsHealthy() async {
        #expect(HealthReport(components: [:]).status == .healthy)
        let r = HealthReport(components: ["x": ComponentHealth(status: .unhealthy, message: ""),
                                          "y": ComponentHealth(status: .degraded, message: "")])
        #expect(r.status == .unhealthy)
        #expect(r.status.exitCode == 2)
    }

    @Test func terminalCheckReadsTheEnvironment() async {
        let dumb = await SystemChecks.terminal(environment: ["TERM": "dumb"], isTTY: false).run()
        #expect(dumb.status == .degraded)
        #expect(dumb.message.contains("monochrome"))
        let good = await SystemChecks.terminal(environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], isTTY: true).run()
        #expect(good.status == .healthy)
        #expect(good.message.contains("256 colours"))
        #expect(good.message.contains("UTF-8 locale"))
        let noColor = await SystemChecks.terminal(environment: ["TERM": "xterm", "NO_COLOR": "1"], isTTY: true).run()
        #expect(noColor.message.contains("NO_COLOR"))
    }
}
