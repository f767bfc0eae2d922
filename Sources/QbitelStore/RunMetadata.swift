import Foundation
import QbitelEngine

/// How a discovery run ended.
public enum RunStatus: String, Sendable, Codable {
    case complete
    /// Some phase failed; what the earlier phases found is kept.
    case partial
    case failed
}

/// One phase of a run: its wall time and whether it succeeded.
public struct RunPhase: Sendable, Codable, Equatable {
    public var name: String
    public var durationMS: Double
    /// `ok`, `failed` or `skipped`.
    public var status: String
    public var error: String?

    public init(name: String, durationMS: Double, status: String = "ok", error: String? = nil) {
        self.name = name
        self.durationMS = durationMS
        self.status = status
        self.error = error
    }
}

/// Everything about a run except its results: parameters, engine version, phases, outcome.
public struct RunMetadata: Sendable, Codable, Equatable {
    public var startedAt: Date
    public var finishedAt: Date
    public var engineVersion: String
    /// The run's parameters as canonical JSON (sorted keys); runs with equal parameters can serve as a cache.
    public var parameters: String
    public var status: RunStatus
    /// What failed, for a partial or failed run.
    public var failure: String?
    public var phases: [RunPhase]

    public init(startedAt: Date = Date(), finishedAt: Date = Date(), engineVersion: String = QbitelEngineInfo.version,
                parameters: String = "{}", status: RunStatus = .complete, failure: String? = nil, phases: [RunPhase] = []) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.engineVersion = engineVersion
        self.parameters = parameters
        self.status = status
        self.failure = failure
        self.phases = phases
    }

    /// Canonical JSON of any parameters value, for `parameters`.
    public static func canonicalParameters<P: Encodable>(_ p: P) -> String {
        guard let data = try? Workspace.jsonEncoder.encode(p) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A run as stored: its metadata and what it found, in counts.
public struct StoredRun: Sendable, Codable, Equatable {
    public var id: Int64
    public var captureSHA256: String
    public var metadata: RunMetadata
    public var captureName: String
    public var isText: Bool
    public var timingsMS: [String: Double]
    public var messageCount: Int
    public var typeCount: Int
    /// Messages per stored page.
    public var pageSize: Int
}

/// A message type as stored with a run, with the keys annotations use to find it again after a re-run.
public struct StoredType: Sendable, Codable, Equatable {
    public var runID: Int64
    /// The run-local id (`T1`).
    public var typeID: String { info.id }
    /// Stable description of the type across runs (see `TypeSignature`).
    public var signature: String
    /// The first message of the capture that belongs to the type.
    public var anchorMessage: Int
    public var info: MessageTypeInfo
}
