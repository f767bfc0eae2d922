import QbitelEngine

/// The cheap health probe's findings, for `qbitel doctor` and the status bar.
public struct CopilotHealth: Sendable, Equatable {
    public var url: String
    public var reachable: Bool
    public var version: String?
    public var model: String
    /// True when the server lists the configured model (compared with the `:latest` tag normalised).
    public var modelPresent: Bool
    public var models: [String]
    public var airGapped: Bool
    public var error: QbitelError?

    public init(url: String, reachable: Bool, version: String? = nil, model: String, modelPresent: Bool = false,
                models: [String] = [], airGapped: Bool, error: QbitelError? = nil) {
        self.url = url
        self.reachable = reachable
        self.version = version
        self.model = model
        self.modelPresent = modelPresent
        self.models = models
        self.airGapped = airGapped
        self.error = error
    }

    /// One line: `ollama 0.5.1 at http://localhost:11434, model qwen2.5:3b present, air-gapped`.
    public var summary: String {
        guard reachable else { return "offline: \(error?.description ?? "\(url) cannot be reached")" }
        var s = "ollama \(version ?? "?") at \(url), model \(model) \(modelPresent ? "present" : "MISSING (ollama pull \(model))")"
        s += airGapped ? ", air-gapped" : ", cloud fallback enabled"
        return s
    }
}
