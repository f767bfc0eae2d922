/// A language-model service the copilot can ask: the local Ollama or, only when allowed, a cloud API.
public protocol CopilotProvider: Sendable {
    /// Short name for the status bar, logs and the conversation record: "ollama", "anthropic".
    var name: String { get }
    /// True when requests stay on this machine (loopback or the analyst's own host).
    var isLocal: Bool { get }
    /// Streams the answer; the stream ends after one `.done` or throws a `QbitelError` (3000s/4000s codes).
    /// Setting `cancel` aborts the transfer.
    func chat(_ request: ChatRequest, cancel: CancellationFlag) -> AsyncThrowingStream<ChatEvent, Error>
}
