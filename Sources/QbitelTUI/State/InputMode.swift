/// What typed characters go to: pane keys, the `/` search line, the `:` command line, or a prompt.
public enum InputMode: Sendable, Equatable {
    case normal
    case search(String)
    case command(String)
    case prompt(PromptKind, String)

    public var isNormal: Bool { self == .normal }
}

/// The prompts an analyst action opens.
public enum PromptKind: String, Sendable, Equatable {
    case renameField = "rename field"
    case renameType = "rename type"
    case comment = "comment"
}

/// Where discovery is.
public enum DiscoveryPhase: Sendable, Equatable {
    case loading
    case running(step: String, fraction: Double)
    case done
    case failed(String)

    public var label: String {
        switch self {
        case .loading: return "reading capture"
        case .running(let s, let f): return "\(s) \(Int((f * 100).rounded()))%"
        case .done: return "discovery done"
        case .failed(let m): return "discovery failed: \(m)"
        }
    }
}
