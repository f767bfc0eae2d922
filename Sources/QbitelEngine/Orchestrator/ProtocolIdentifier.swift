/// What a protocol classifier says a capture is.
public struct ProtocolIdentification: Sendable, Codable, Equatable {
    /// A protocol label, or "unknown".
    public var label: String
    public var confidence: Double
    /// The classifier model that decided, if any.
    public var modelID: String?

    public init(label: String, confidence: Double, modelID: String? = nil) {
        self.label = label
        self.confidence = confidence
        self.modelID = modelID
    }

    public static let unknown = ProtocolIdentification(label: "unknown", confidence: 0)
    public var isUnknown: Bool { label == "unknown" }
}

/// Identifies known protocols; the classifier conforms, and the orchestrator runs it in CLASSIFICATION.
public protocol ProtocolIdentifier: Sendable {
    /// nil when the identifier cannot say anything (no model loaded).
    func identify(_ capture: Capture) -> ProtocolIdentification?
}
