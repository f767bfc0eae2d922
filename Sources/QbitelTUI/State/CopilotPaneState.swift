/// What the copilot pane shows; the copilot itself lives elsewhere and talks to the UI through events.
public struct CopilotPaneState: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable {
        case ready, airGapped = "air-gapped", offline, circuitOpen = "circuit open", busy
    }

    public struct Entry: Sendable, Equatable {
        public enum Role: String, Sendable { case user = "you", copilot, system }
        public var role: Role
        public var text: String
    }

    /// A structured suggestion the analyst can accept or reject.
    public struct Suggestion: Sendable, Equatable {
        public var summary: String
        public var edit: AnnotationEdit
    }

    public var status: Status = .offline
    public var history: [Entry] = []
    /// The multi-line question being written (Ctrl-J for a new line).
    public var draft: String = ""
    public var isComposing = false
    /// The answer as it streams in.
    public var streaming: String?
    public var suggestion: Suggestion?
    public var scrollBack = 0

    public static let quickActions: [(key: Character, label: String)] = [
        ("e", "explain field"), ("t", "name this type"), ("w", "summarise capture"),
    ]

    public init() {}
}
