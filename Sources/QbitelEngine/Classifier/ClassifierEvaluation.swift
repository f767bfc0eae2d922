/// k-fold cross-validation of each member model and the ensemble, and leave-one-protocol-out open-set figures.
///
/// Folds come from `SampleFolds` (whole flows, or contiguous blocks when a protocol has few flows). Each fold trains
/// a fresh model on the other folds. Open-set: for each protocol in turn, a model trained on all other protocols
/// classifies that protocol's flows, and the share answered "unknown" is counted.
public struct ClassifierEvaluation: Sendable {
    public struct Report: Sendable, Codable {
        public var folds: Int
        public var samples: Int
        public var labels: [String]
        /// Closed-set argmax figures per member model.
        public var members: [String: ClassificationMetrics]
        /// The ensemble's vote, closed set (no "unknown").
        public var ensemble: ClassificationMetrics
        /// The ensemble with the open-set threshold: known flows wrongly called "unknown" count as misses.
        public var ensembleOpenSet: ClassificationMetrics
        /// Per held-out protocol: share of its flows called "unknown".
        public var heldOutUnknownRate: [String: Double]
        /// Flow-weighted mean of `heldOutUnknownRate`.
        public var heldOutUnknownOverall: Double
        /// Mean agreement of the member models with the ensemble's vote.
        public var meanAgreement: Double
    }

    public var trainer: ClassifierTrainer
    public var folds: Int
    /// Cap on test flows per held-out protocol in the open-set pass, to bound its cost.
    public var openSetSampleCap: Int

    public init(trainer: ClassifierTrainer = ClassifierTrainer(), folds: Int = 5, openSetSampleCap: Int = 400) {
        self.trainer = trainer
        self.folds = folds
        self.openSetSampleCap = openSetSampleCap
    }

    /// Runs the evaluation; `progress` hears a line per step. Error 2003 when there are fewer than three labels for
    /// the open-set pass or two for the rest.
    public func run(_ samples: [FlowSample], openSet: Bool = true, progress: (String) -> Void = { _ in }) throws -> Report {
        let labelled = samples.filter { $0.label != nil && !$0.payloads.isEmpty }
        let labels = Array(Set(labelled.compactMap(\.label))).sorted()
        guard labels.count >= 2, labelled.count >= folds else {
            throw QbitelError(.insufficientTrainingData, "evaluation needs at least two protocols and \(folds) flows")
        }
        let fold = SampleFolds.assign(labelled, k: folds)
        var members: [String: ClassificationMetrics] = [:]
        for k in ClassifierModelKind.allCases where trainer.parameters.members.contains(k) {
            members[k.rawValue] = ClassificationMetrics(labels: labels)
        }
        var ensemble = ClassificationMetrics(labels: labels), open = ClassificationMetrics(labels: labels)
        var agreementSum = 0.0, agreementCount = 0
        for f in 0..<folds {
            let train = labelled.indices.filter { fold[$0] != f }.map { labelled[$0] }
            let test = labelled.indices.filter { fold[$0] == f }.map { labelled[$0] }
            guard !test.isEmpty else { continue }
            progress("fold \(f + 1)/\(folds): training on \(train.count) flow windows, testing on \(test.count)")
            let model: ClassifierModel
            do { model = try trainer.train(train) } catch { continue }
            let ens = ClassifierEnsemble(model: model)
            for s in test {
                let p = ens.predict(s)
                let truth = s.label!
                ensemble.record(truth: truth, predicted: p.bestGuess)
                open.record(truth: truth, predicted: p.label)
                for v in p.votes { members[v.model.rawValue]?.record(truth: truth, predicted: v.label) }
                agreementSum += p.agreement
                agreementCount += 1
            }
        }
        var heldOut: [String: Double] = [:]
        var heldOutHits = 0, heldOutTotal = 0
        if openSet && labels.count >= 3 {
            for (n, l) in labels.enumerated() {
                let train = labelled.filter { $0.label != l }
                var test = labelled.filter { $0.label == l }
                if test.count > openSetSampleCap {
                    let step = Double(test.count) / Double(openSetSampleCap)
                    test = (0..<openSetSampleCap).map { test[Int(Double($0) * step)] }
                }
                progress("open set \(n + 1)/\(labels.count): \(l) held out")
                guard let model = try? trainer.train(train) else { continue }
                let ens = ClassifierEnsemble(model: model)
                let unknown = test.filter { ens.predict($0).isUnknown }.count
                heldOut[l] = Double(unknown) / Double(Swift.max(test.count, 1))
                heldOutHits += unknown
                heldOutTotal += test.count
            }
        }
        return Report(folds: folds, samples: labelled.count, labels: labels, members: members, ensemble: ensemble,
                      ensembleOpenSet: open, heldOutUnknownRate: heldOut,
                      heldOutUnknownOverall: heldOutTotal > 0 ? Double(heldOutHits) / Double(heldOutTotal) : 0,
                      meanAgreement: agreementCount > 0 ? agreementSum / Double(agreementCount) : 0)
    }
}
