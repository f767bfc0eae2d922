import Foundation

/// `qbitel doctor`'s result: every component's health and the worst of them.
public struct HealthReport: Sendable, Codable, Equatable {
    public var status: HealthStatus
    public var components: [String: ComponentHealth]

    public init(components: [String: ComponentHealth]) {
        self.components = components
        self.status = components.values.map(\.status).max() ?? .healthy
    }

    /// Runs the checks one after another, timing each; a check never throws, it reports.
    public static func run(_ checks: [HealthCheck]) async -> HealthReport {
        var out: [String: ComponentHealth] = [:]
        for c in checks {
            let t0 = DispatchTime.now().uptimeNanoseconds
            var h = await c.run()
            if h.latencyMS == 0 {
                h.latencyMS = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
            }
            h.latencyMS = (h.latencyMS * 100).rounded() / 100
            out[c.name] = h
        }
        return HealthReport(components: out)
    }

    public func json() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try enc.encode(self)
    }

    public func text() -> String {
        var s = "overall: \(status.rawValue)\n"
        for name in components.keys.sorted() {
            let c = components[name]!
            let mark = c.status == .healthy ? "ok  " : c.status == .degraded ? "WARN" : "FAIL"
            s += "  [\(mark)] \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(format: "%7.1f ms", c.latencyMS))  \(c.message)\n"
        }
        return s
    }
}
