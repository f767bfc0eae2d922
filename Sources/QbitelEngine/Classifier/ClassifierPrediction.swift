/// What the classifier says about one flow sample: the answer, how sure it is, and what each model voted.
public struct ClassifierPrediction: Sendable, Codable, Equatable {
    public struct Vote: Sendable, Codable, Equatable {
        public var model: ClassifierModelKind
        public var label: String
        /// That model's probability for its own top label.
        public var probability: Double
    }

    /// A protocol label, or "unknown" when the confidence is under the model's threshold.
    public var label: String
    /// The ensemble's top label before the open-set decision.
    public var bestGuess: String
    /// Ensemble probability of `bestGuess` times familiarity: what the threshold is compared to.
    public var confidence: Double
    /// Mean of the member models' probabilities for `bestGuess`.
    public var probability: Double
    /// Share of the present member models whose own top label is `bestGuess`.
    public var agreement: Double
    /// 1 for a typical flow of `bestGuess`, towards 0 for an unfamiliar one.
    public var familiarity: Double
    public var votes: [Vote]
    /// Ensemble class probabilities (index = model label index).
    public var distribution: [Double]

    public var isUnknown: Bool { label == ClassifierEnsemble.unknownLabel }
}
