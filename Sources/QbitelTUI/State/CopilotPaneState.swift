import Foundation
import QbitelStore

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
    /// The suggestion on offer now; the rest of a structured answer waits in `queuedSuggestions`, one decision each.
    public var suggestion: Suggestion?
    public var queuedSuggestions: [Suggestion] = []
    public var scrollBack = 0
    /// Set once the saved conversations of the capture were placed above this session's lines.
    public var savedHistoryShown = false

    public static let quickActions: [(key: Character, label: String)] = [
        ("e", "explain"), ("t", "name fields"), ("d", "field kinds"), ("w", "which protocol"),
    ]

    public init() {}
}

extension CopilotPaneState {
    /// Saved conversations (oldest first) as pane lines: a header per conversation, then its turns; only the newest
    /// `limit` turns are kept so a long history never slows a frame.
    public static func entries(fromSaved conversations: [(CopilotConversation, [CopilotTurn])], limit: Int = 200) -> [Entry] {
        var out: [Entry] = []
        var budget = limit
        for (c, turns) in conversations.reversed() where budget > 0 {
            let kept = turns.suffix(budget)
            budget -= kept.count
            var block = [Entry(role: .system, text: "saved conversation, \(Self.dateText(c.createdAt)): \(c.title)")]
            for t in kept {
                var text = t.content
                if t.role == "assistant", let m = t.model {
                    var cost = [m]
                    if let p = t.promptTokens, let a = t.completionTokens { cost.append("\(p)+\(a) tokens") }
                    if let l = t.latencyMS { cost.append("\(Int(l.rounded())) ms") }
                    text += "  [\(cost.joined(separator: ", "))]"
                }
                block.append(Entry(role: t.role == "user" ? .user : (t.role == "assistant" ? .copilot : .system), text: text))
            }
            out.insert(contentsOf: block, at: 0)
        }
        return out
    }

    static func dateText(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: d)
    }
}
