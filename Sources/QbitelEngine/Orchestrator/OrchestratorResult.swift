/// A failure as kept in a result: the typed error's code, message and offset.
public struct PhaseFailure: Sendable, Codable, Equatable {
    public var code: ErrorCode
    public var message: String
    public var offset: Int?

    public init(_ e: QbitelError) {
        code = e.code
        message = e.message
        offset = e.offset
    }

    public var error: QbitelError { QbitelError(code, message, offset: offset) }
}

/// Everything one analysis produced, complete or partial.
///
/// On a failure the phases before it are kept with what they learned, `failedPhase` names where it stopped and
/// `failure` holds the typed error. Codable so the workspace can cache it by `captureHash`.
public struct OrchestratorResult: Sendable, Codable, Equatable {
    public var captureName: String
    /// Hex SHA-256 of the capture's content.
    public var captureHash: String
    /// Which options produced it; a cached result with other options is not reused.
    public var optionsTag: String
    public var statistics: CaptureStatistics?
    public var discovery: DiscoveryResult?
    public var identification: ProtocolIdentification?
    public var grammar: Grammar?
    public var validation: ValidationReport?
    public var completedPhases: [AnalysisPhase]
    public var failedPhase: AnalysisPhase?
    public var failure: PhaseFailure?
    /// Wall time of each phase in milliseconds, keyed by the phase's raw value.
    public var phaseTimingsMS: [String: Double]
    /// True when the result came from the cache rather than a new analysis.
    public var fromCache: Bool

    public init(captureName: String, captureHash: String, optionsTag: String) {
        self.captureName = captureName
        self.captureHash = captureHash
        self.optionsTag = optionsTag
        self.completedPhases = []
        self.phaseTimingsMS = [:]
        self.fromCache = false
    }

    public var isComplete: Bool { failedPhase == nil && completedPhases.contains(.completion) }
    public var error: QbitelError? { failure?.error }
}
