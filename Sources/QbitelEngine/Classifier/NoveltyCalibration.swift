/// How familiar a flow looks to the model, per class: the open-set part of the decision.
///
/// Two independent checks, each fitted on data the models were not trained on where possible: the byte bigram
/// likelihood under the predicted class against that class's usual range, and the distance of the feature vector
/// from the class's training mean (per-feature standardised). A flow far outside both scores near 0.
public struct NoveltyCalibration: Sendable, Codable {
    public struct ClassStatistics: Sendable, Codable {
        /// 5th percentile of the mean log-likelihood per byte of this class's own flows.
        public var likelihoodFloor: Double
        /// Spread (standard deviation) of that log-likelihood, ≥ 0.1.
        public var likelihoodSpread: Double
        public var featureMean: [Float]
        public var featureScale: [Float]
        /// 95th percentile of this class's standardised distances.
        public var distanceReference: Double
    }

    public var classes: [ClassStatistics]

    /// Standardised RMS distance of `x` from class `c`'s mean, each feature clipped at 10 deviations.
    public func distance(_ x: [Float], to c: Int) -> Double {
        let s = classes[c]
        guard s.featureMean.count == x.count, !x.isEmpty else { return 0 }
        var sum: Float = 0
        for i in 0..<x.count {
            let z = Swift.min(abs(x[i] - s.featureMean[i]) / s.featureScale[i], 10)
            sum += z * z
        }
        return Double((sum / Float(x.count)).squareRoot())
    }

    /// 1 for a typical flow of class `c`, falling towards 0 as it leaves the class's range. Either input may be nil
    /// when the model that provides it is missing.
    public func familiarity(features x: [Float]?, logLikelihood ll: Double?, class c: Int) -> Double {
        guard c >= 0, c < classes.count else { return 0 }
        let s = classes[c]
        var f = 1.0
        if let ll, ll < s.likelihoodFloor { f *= _exp((ll - s.likelihoodFloor) / s.likelihoodSpread) }
        if let x {
            let d = distance(x, to: c)
            if d > s.distanceReference { f *= _exp(-(d - s.distanceReference) / Swift.max(s.distanceReference, 0.05)) }
        }
        return f
    }

    /// Fits per-class statistics: means and scales from `train`, ranges from `calibration`.
    static func fit(trainFeatures: [([Float], Int)], calibration: [(features: [Float], logLikelihood: Double?, label: Int)],
                    classCount: Int) -> NoveltyCalibration {
        let d = trainFeatures.first?.0.count ?? 0
        var classes: [ClassStatistics] = []
        for c in 0..<classCount {
            let rows = trainFeatures.filter { $0.1 == c }.map(\.0)
            var mean = [Float](repeating: 0, count: d), scale = [Float](repeating: 0.05, count: d)
            if !rows.isEmpty {
                for r in rows { for i in 0..<d { mean[i] += r[i] } }
                for i in 0..<d { mean[i] /= Float(rows.count) }
                var varSum = [Float](repeating: 0, count: d)
                for r in rows { for i in 0..<d { varSum[i] += (r[i] - mean[i]) * (r[i] - mean[i]) } }
                for i in 0..<d { scale[i] = Swift.max((varSum[i] / Float(rows.count)).squareRoot(), 0.05) }
            }
            classes.append(ClassStatistics(likelihoodFloor: -.infinity, likelihoodSpread: 0.1, featureMean: mean,
                                           featureScale: scale, distanceReference: 1))
        }
        var cal = NoveltyCalibration(classes: classes)
        for c in 0..<classCount {
            var own = calibration.filter { $0.label == c }
            if own.isEmpty {
                // No held-out flows of this class: fall back to its training rows (ranges are then optimistic).
                own = trainFeatures.filter { $0.1 == c }.map { ($0.0, nil, c) }
            }
            let dists = own.map { cal.distance($0.features, to: c) }.sorted()
            if !dists.isEmpty { cal.classes[c].distanceReference = Swift.max(quantile(dists, 0.95) * 1.2, 0.3) }
            let lls = own.compactMap(\.logLikelihood).sorted()
            if !lls.isEmpty {
                let m = lls.reduce(0, +) / Double(lls.count)
                let sd = (lls.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(lls.count)).squareRoot()
                cal.classes[c].likelihoodSpread = Swift.max(sd, 0.1)
                cal.classes[c].likelihoodFloor = quantile(lls, 0.05) - 0.5 * cal.classes[c].likelihoodSpread
            }
        }
        return cal
    }
}

/// The q-quantile of sorted values (nearest rank).
func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let i = Swift.min(sorted.count - 1, Swift.max(0, Int((Double(sorted.count - 1) * q).rounded())))
    return sorted[i]
}
