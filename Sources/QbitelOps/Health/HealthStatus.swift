/// How well one part of the program works. Ordered so the worst of several is their `max`.
public enum HealthStatus: String, Sendable, Codable, Comparable, CaseIterable {
    case healthy, degraded, unhealthy

    var rank: Int {
        switch self {
        case .healthy: return 0
        case .degraded: return 1
        case .unhealthy: return 2
        }
    }

    public static func < (a: HealthStatus, b: HealthStatus) -> Bool { a.rank < b.rank }

    /// The process exit code `qbitel doctor` uses, so scripts can act on the worst status.
    public var exitCode: Int32 { Int32(rank) }
}

/// The outcome of one check.
public struct ComponentHealth: Sendable, Codable, Equatable {
    public var status: HealthStatus
    public var latencyMS: Double
    public var message: String

    public init(status: HealthStatus, latencyMS: Double = 0, message: String) {
        self.status = status
        self.latencyMS = latencyMS
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case status, message
        case latencyMS = "latency_ms"
    }
}

/// A named check. The CLI assembles checks from each module (workspace, copilot, themes, terminal, libraries).
public struct HealthCheck: Sendable {
    public var name: String
    public var run: @Sendable () async -> ComponentHealth

    public init(name: String, run: @escaping @Sendable () async -> ComponentHealth) {
        self.name = name
        self.run = run
    }
}
