import QbitelEngine

/// What `Copilot.ask` streams: pieces of the answer as they arrive, then the finished answer once.
public enum CopilotEvent: Sendable, Equatable {
    case delta(String)
    case finished(CopilotAnswer)
}

/// A complete answer with its counts and, for the JSON quick actions, the parsed suggestions.
public struct CopilotAnswer: Sendable, Equatable {
    public var text: String
    public var stats: ChatStats
    /// How far the prompt had to be trimmed to fit `num_ctx` (0 = not at all).
    public var trimLevel: Int
    /// Parsed field suggestions for `nameFields` / `suggestFieldKinds`, all pending the analyst's decision.
    public var suggestions: [FieldSuggestion]?
    /// Why the JSON answer could not be turned into suggestions (error 3015), if it could not.
    public var suggestionError: QbitelError?
}
