/// The one-key questions of the copilot panel. Field naming and kinds are answered as JSON and parsed strictly.
public enum QuickAction: String, Sendable, CaseIterable, Codable {
    case explainMessage = "explain"
    case nameFields = "name-fields"
    case suggestFieldKinds = "field-kinds"
    case guessProtocol = "guess-protocol"

    /// True when the answer is a JSON document of field suggestions.
    public var wantsJSON: Bool { self == .nameFields || self == .suggestFieldKinds }

    /// The question sent for the action.
    public var question: String {
        switch self {
        case .explainMessage:
            return "Explain what this message probably is and what its fields do. Be concise; say where you are unsure."
        case .nameFields:
            return """
            Suggest a short snake_case name for each inferred field. Answer with JSON only, exactly in this shape: \
            {"fields":[{"offset":0,"length":2,"name":"msg_type","reason":"why"}]}. Use the offsets and lengths of the \
            inferred fields as given.
            """
        case .suggestFieldKinds:
            return """
            For each inferred field, suggest its kind, one of: \(Self.kindList). Answer with JSON only, exactly in \
            this shape: {"fields":[{"offset":0,"length":2,"kind":"length","reason":"why"}]}. Use the offsets and \
            lengths of the inferred fields as given.
            """
        case .guessProtocol:
            return "Which known protocol, if any, could this traffic be? Give up to three candidates with the evidence for each, and say if it looks custom."
        }
    }

    static var kindList: String { FieldKindNames.all.joined(separator: ", ") }
}
