/// The five phases of an analysis, in order.
public enum AnalysisPhase: String, Sendable, Codable, CaseIterable, Comparable {
    /// Statistics over the messages.
    case analysis
    /// Message types (discovery) and protocol identification.
    case classification
    /// Grammar and parser.
    case learning
    /// Verdicts per message.
    case validation
    /// Packaging the result and caching it.
    case completion

    public static func < (a: AnalysisPhase, b: AnalysisPhase) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One progress report: which phase, how far (0…1 within the phase) and a short note.
public struct ProgressEvent: Sendable, Equatable {
    public var phase: AnalysisPhase
    public var fraction: Double
    public var note: String

    public init(phase: AnalysisPhase, fraction: Double, note: String) {
        self.phase = phase
        self.fraction = fraction
        self.note = note
    }
}
