/// The workbench's panes, in Tab order; digits 1–5 focus them directly.
public enum Pane: Int, Sendable, CaseIterable, Hashable {
    case messages, hex, fields, grammar, copilot

    public var title: String {
        switch self {
        case .messages: return "Messages"
        case .hex: return "Hex"
        case .fields: return "Fields"
        case .grammar: return "Grammar"
        case .copilot: return "Copilot"
        }
    }

    var next: Pane { Pane(rawValue: (rawValue + 1) % Pane.allCases.count)! }
    var previous: Pane { Pane(rawValue: (rawValue + Pane.allCases.count - 1) % Pane.allCases.count)! }
}
