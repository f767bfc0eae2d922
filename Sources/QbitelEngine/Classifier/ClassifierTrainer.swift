import Foundation

/// Builds a `ClassifierModel` from labelled flow samples.
///
/// One fifth of the flows (by `SampleFolds`) is held out as the validation split: it stops the CNN early, fits the
/// bigram temperature and the open-set ranges, and chooses the "unknown" threshold (the confidence that keeps 99 % of
/// correctly classified validation flows). The members are trained on the other four fifths.
public struct ClassifierTrainer: Sendable {
    public struct Parameters: Sendable, Codable {
        public var forest = RandomForest.Parameters()
        public var convNet = ByteConvNet.Parameters()
        public var members: Set<ClassifierModelKind> = Set(ClassifierModelKind.allCases)
        public var window = FlowSample.defaultWindow
        /// Share of correctly classified validation flows that must stay above the threshold.
        public var keepKnown = 0.99
        public init() {}
    }

    public var parameters: Parameters

    public init(parameters: Parameters = Parameters()) { self.parameters = parameters }

    /// Trains; error 2003 when there are fewer than two labels or no samples.
    public func train(_ samples: [FlowSample], id: String? = nil) throws -> ClassifierModel {
        let labelled = samples.filter { $0.label != nil && !$0.payloads.isEmpty }
        let labels = Array(Set(labelled.compactMap(\.label))).sorted()
        guard labels.count >= 2 else {
            throw QbitelError(.insufficientTrainingData, "training needs flows of at least two protocols; got \(labels.count)")
        }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let folds = SampleFolds.assign(labelled, k: 5)
        var train: [(FlowSample, Int)] = [], validation: [(FlowSample, Int)] = []
        for (i, s) in labelled.enumerated() {
            let c = index[s.label!]!
            if folds[i] == 0 { validation.append((s, c)) } else { train.append((s, c)) }
        }
        // A label whose flows all fell into the validation fold still has to be learned.
        for c in 0..<labels.count where !train.contains(where: { $0.1 == c }) {
            train += validation.filter { $0.1 == c }
        }
        let p = parameters
        let trainFeatures = train.map { (FlowFeatureExtractor.features($0.0), $0.1) }
        var forest: RandomForest?
        if p.members.contains(.randomForest) {
            forest = RandomForest.train(x: trainFeatures.map(\.0), y: trainFeatures.map(\.1), classCount: labels.count,
                                        parameters: p.forest)
        }
        var net: ByteConvNet?
        if p.members.contains(.convNet) {
            let msgs = train.flatMap { s in s.0.payloads.map { ($0, s.1) } }
            let val = validation.flatMap { s in s.0.payloads.map { ($0, s.1) } }
            net = ByteConvNet.train(messages: msgs, validation: val, classCount: labels.count, parameters: p.convNet)
        }
        var ngram: ByteNGramModel?
        if p.members.contains(.nGram) {
            ngram = ByteNGramModel.train(train, validation: validation, classCount: labels.count)
        }
        let calibrationSet = validation.isEmpty ? train : validation
        let calibration = calibrationSet.map { s -> (features: [Float], logLikelihood: Double?, label: Int) in
            (FlowFeatureExtractor.features(s.0), ngram.map { $0.meanLogLikelihoods(s.0)[s.1] }, s.1)
        }
        let novelty = NoveltyCalibration.fit(trainFeatures: trainFeatures, calibration: calibration, classCount: labels.count)
        var model = ClassifierModel(id: id ?? "", featureSet: FlowFeatureExtractor.featureSetID,
                                    trainingDataHash: Self.hash(labelled), createdAt: Date(), labels: labels,
                                    window: p.window, forest: forest, convNet: net, nGram: ngram, novelty: novelty,
                                    unknownThreshold: 0, metrics: [:], trainingCounts: [:])
        if model.id.isEmpty { model.id = "clf-" + String(model.trainingDataHash.prefix(10)) }
        for s in labelled { model.trainingCounts[s.label!, default: 0] += 1 }

        // Threshold and validation figures.
        let ensemble = ClassifierEnsemble(model: model)
        var correct: [Double] = []
        var closed = ClassificationMetrics(labels: labels)
        var memberMetrics: [ClassifierModelKind: ClassificationMetrics] = [:]
        for (s, c) in calibrationSet {
            let pr = ensemble.predict(s)
            closed.record(truth: labels[c], predicted: pr.bestGuess)
            if pr.bestGuess == labels[c] { correct.append(pr.confidence) }
            for v in pr.votes { memberMetrics[v.model, default: ClassificationMetrics(labels: labels)].record(truth: labels[c], predicted: v.label) }
        }
        correct.sort()
        model.unknownThreshold = correct.isEmpty ? 0.5 : quantile(correct, 1 - p.keepKnown)
        model.metrics["validation.flows"] = Double(calibrationSet.count)
        model.metrics["validation.ensemble.accuracy"] = closed.accuracy
        model.metrics["validation.ensemble.macroF1"] = closed.macroF1
        for (k, m) in memberMetrics { model.metrics["validation.\(k.rawValue).accuracy"] = m.accuracy }
        if let net { model.metrics["cnn.epochs"] = Double(net.epochsRun) }
        model.metrics["unknownThreshold"] = model.unknownThreshold
        return model
    }

    /// SHA-256 (hex) over each sample's label and payload bytes, in order.
    public static func hash(_ samples: [FlowSample]) -> String {
        var h = SHA256Hash()
        for s in samples {
            h.update(Array((s.label ?? "").utf8) + [0])
            for p in s.payloads { p.withUnsafeBytes { h.update($0) } }
        }
        return SHA256Hash.hex(h.finalize())
    }
}
