/// One step of a streamed answer: a piece of text, or the end with the provider's counts.
public enum ChatEvent: Sendable, Equatable {
    case delta(String)
    case done(ChatStats)
}

/// Token counts and timings of a finished answer, as the provider reported them (all optional there).
public struct ChatStats: Sendable, Equatable, Codable {
    public var provider: String
    public var model: String
    /// "stop", "length", … (Anthropic's `end_turn` and `max_tokens` are mapped to these).
    public var doneReason: String?
    public var promptTokens: Int?
    public var answerTokens: Int?
    public var totalNanoseconds: Int64?
    public var loadNanoseconds: Int64?
    public var promptEvalNanoseconds: Int64?
    public var evalNanoseconds: Int64?

    public init(provider: String, model: String, doneReason: String? = nil, promptTokens: Int? = nil,
                answerTokens: Int? = nil, totalNanoseconds: Int64? = nil, loadNanoseconds: Int64? = nil,
                promptEvalNanoseconds: Int64? = nil, evalNanoseconds: Int64? = nil) {
        self.provider = provider
        self.model = model
        self.doneReason = doneReason
        self.promptTokens = promptTokens
        self.answerTokens = answerTokens
        self.totalNanoseconds = totalNanoseconds
        self.loadNanoseconds = loadNanoseconds
        self.promptEvalNanoseconds = promptEvalNanoseconds
        self.evalNanoseconds = evalNanoseconds
    }

    /// Generation speed, when both the count and the duration were reported.
    public var tokensPerSecond: Double? {
        guard let answerTokens, let evalNanoseconds, evalNanoseconds > 0 else { return nil }
        return Double(answerTokens) / Double(evalNanoseconds) * 1e9
    }
}
