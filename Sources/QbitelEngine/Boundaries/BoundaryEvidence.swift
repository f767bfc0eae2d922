/// One proposed inner boundary with how sure the evidence makes it and which rule proposed it.
public struct BoundaryEvidence: Sendable, Equatable, Codable {
    public var offset: Int
    /// Calibrated confidence in [0, 1]: the share of boundaries of this rule and strength that were right where
    /// truth was available.
    public var confidence: Double
    public var rule: String

    public init(offset: Int, confidence: Double, rule: String) {
        self.offset = offset
        self.confidence = confidence
        self.rule = rule
    }
}
