/// What the workbench's status bar shows about the copilot.
public enum CopilotStatus: Sendable, Equatable {
    /// Reachable, and a cloud fallback is enabled.
    case ready
    /// Reachable, and nothing leaves the machine (the default).
    case airGapped
    /// The last attempt or probe could not reach any provider.
    case offline
    /// The primary provider failed repeatedly and is paused.
    case circuitOpen(retryInSeconds: Int)
    /// An answer is being generated.
    case busy

    /// The status-bar word.
    public var label: String {
        switch self {
        case .ready: return "ready"
        case .airGapped: return "air-gapped"
        case .offline: return "offline"
        case .circuitOpen(let s): return "paused \(s)s"
        case .busy: return "busy"
        }
    }
}
