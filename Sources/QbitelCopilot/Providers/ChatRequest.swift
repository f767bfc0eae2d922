/// What the copilot asks a provider: the turns plus the generation settings that bound the answer.
public struct ChatRequest: Sendable, Equatable {
    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double
    /// The model's context window in tokens; the prompt builder keeps the prompt inside it.
    public var contextTokens: Int
    /// Upper bound on answer tokens (Ollama's default is unbounded, which a small model can loop into).
    public var maxAnswerTokens: Int
    /// Ask for a JSON document (Ollama `format: "json"`), for answers that are parsed.
    public var wantsJSON: Bool
    /// How long Ollama keeps the model loaded afterwards, as a duration string ("5m") or seconds ("300").
    public var keepAlive: String?

    public init(model: String, messages: [ChatMessage], temperature: Double = 0.2, contextTokens: Int = 4096,
                maxAnswerTokens: Int = 512, wantsJSON: Bool = false, keepAlive: String? = "5m") {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.contextTokens = contextTokens
        self.maxAnswerTokens = maxAnswerTokens
        self.wantsJSON = wantsJSON
        self.keepAlive = keepAlive
    }
}
