/// Soft-voting ensemble over the random forest, the byte CNN and the bigram model, with an open-set "unknown".
///
/// Members that are missing (not trained, or switched off) are simply left out of the vote, so the ensemble degrades
/// to the remaining models instead of failing. Conforms to `ProtocolIdentifier`, so the orchestrator's
/// CLASSIFICATION phase can ask it what a whole capture is.
public struct ClassifierEnsemble: Sendable, ProtocolIdentifier {
    public static let unknownLabel = "unknown"
    public let model: ClassifierModel
    /// The members that vote; all present ones by default.
    public let members: Set<ClassifierModelKind>

    public init(model: ClassifierModel, members: Set<ClassifierModelKind> = Set(ClassifierModelKind.allCases)) {
        self.model = model
        var m = members
        if model.forest == nil { m.remove(.randomForest) }
        if model.convNet == nil { m.remove(.convNet) }
        if model.nGram == nil { m.remove(.nGram) }
        self.members = m
    }

    /// Classifies one flow sample.
    public func predict(_ sample: FlowSample) -> ClassifierPrediction {
        let c = model.labels.count
        var sum = [Double](repeating: 0, count: c)
        var votes: [ClassifierPrediction.Vote] = []
        var features: [Float]?
        var logLikelihoods: [Double]?
        func add(_ kind: ClassifierModelKind, _ probs: [Double]) {
            guard probs.count == c else { return }
            for i in 0..<c { sum[i] += probs[i] }
            let top = Self.argmax(probs)
            votes.append(.init(model: kind, label: model.labels[top], probability: probs[top]))
        }
        let x = FlowFeatureExtractor.features(sample)
        features = x
        if members.contains(.randomForest), let forest = model.forest { add(.randomForest, forest.probabilities(x)) }
        if members.contains(.convNet), let net = model.convNet { add(.convNet, net.probabilities(sample)) }
        if let ngram = model.nGram {
            let ll = ngram.meanLogLikelihoods(sample)
            logLikelihoods = ll
            if members.contains(.nGram) { add(.nGram, ByteNGramModel.softmax(ll, ngram.temperature)) }
        }
        guard !votes.isEmpty else {
            return ClassifierPrediction(label: Self.unknownLabel, bestGuess: Self.unknownLabel, confidence: 0, probability: 0,
                                        agreement: 0, familiarity: 0, votes: [], distribution: sum)
        }
        let dist = sum.map { $0 / Double(votes.count) }
        let top = Self.argmax(dist)
        let best = model.labels[top]
        let agreement = Double(votes.filter { $0.label == best }.count) / Double(votes.count)
        let familiarity = model.novelty.familiarity(features: features, logLikelihood: logLikelihoods?[top], class: top)
        let confidence = dist[top] * familiarity
        let label = confidence >= model.unknownThreshold ? best : Self.unknownLabel
        return ClassifierPrediction(label: label, bestGuess: best, confidence: confidence, probability: dist[top],
                                    agreement: agreement, familiarity: familiarity, votes: votes, distribution: dist)
    }

    /// Classifies every flow window of a capture.
    public func predictFlows(_ capture: Capture) -> [(sample: FlowSample, prediction: ClassifierPrediction)] {
        FlowSample.samples(from: capture, label: nil, window: model.window).map { ($0, predict($0)) }
    }

    /// The capture's protocol: the message-weighted vote of its flow windows; "unknown" when unknown windows win.
    public func identify(_ capture: Capture) -> ProtocolIdentification? {
        let flows = predictFlows(capture)
        guard !flows.isEmpty else { return nil }
        var weight: [String: Double] = [:], confidence: [String: Double] = [:]
        var total = 0.0
        for (s, p) in flows {
            let w = Double(s.payloads.count)
            weight[p.label, default: 0] += w
            confidence[p.label, default: 0] += w * p.confidence
            total += w
        }
        guard let (label, w) = weight.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }) else { return nil }
        let share = w / total
        let meanConfidence = (confidence[label] ?? 0) / w
        return ProtocolIdentification(label: label, confidence: label == Self.unknownLabel ? 0 : share * meanConfidence,
                                      modelID: model.id)
    }

    static func argmax(_ v: [Double]) -> Int {
        var best = 0
        for i in 1..<Swift.max(v.count, 1) where v[i] > v[best] { best = i }
        return best
    }
}
