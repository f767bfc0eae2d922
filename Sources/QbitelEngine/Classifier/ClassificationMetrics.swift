import Foundation

/// Accuracy, macro-F1 and the confusion matrix of one model over labelled samples.
///
/// Rows are true labels; columns are the predicted labels plus a last "unknown" column, so that an open-set answer
/// of "unknown" on a known protocol counts as a miss.
public struct ClassificationMetrics: Sendable, Codable, Equatable {
    public var labels: [String]
    /// `labels.count` rows × `labels.count + 1` columns (the last is "unknown").
    public var confusion: [[Int]]

    public init(labels: [String]) {
        self.labels = labels
        confusion = Array(repeating: Array(repeating: 0, count: labels.count + 1), count: labels.count)
    }

    public mutating func record(truth: String, predicted: String) {
        guard let t = labels.firstIndex(of: truth) else { return }
        let p = labels.firstIndex(of: predicted) ?? labels.count
        confusion[t][p] += 1
    }

    public var total: Int { confusion.reduce(0) { $0 + $1.reduce(0, +) } }

    public var accuracy: Double {
        let correct = labels.indices.reduce(0) { $0 + confusion[$1][$1] }
        return total > 0 ? Double(correct) / Double(total) : 0
    }

    /// F1 per label (labels with no samples and no predictions are left out of the macro mean).
    public var f1: [Double?] {
        labels.indices.map { i in
            let tp = Double(confusion[i][i])
            let support = Double(confusion[i].reduce(0, +))
            let predicted = Double(confusion.reduce(0) { $0 + $1[i] })
            if support == 0 && predicted == 0 { return nil }
            return tp == 0 ? 0 : 2 * tp / (support + predicted)
        }
    }

    public var macroF1: Double {
        let v = f1.compactMap { $0 }
        return v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
    }

    /// Share of samples answered "unknown".
    public var unknownRate: Double {
        total > 0 ? Double(confusion.reduce(0) { $0 + $1[labels.count] }) / Double(total) : 0
    }

    /// The matrix as aligned text, abbreviated labels as column heads.
    public func confusionText() -> String {
        let heads = labels.map { String($0.prefix(6)) } + ["unkn"]
        let w = Swift.max(8, (labels.map(\.count).max() ?? 0) + 1)
        var s = "".padding(toLength: w, withPad: " ", startingAt: 0)
        for h in heads { s += " " + String(repeating: " ", count: Swift.max(0, 6 - h.count)) + h }
        s += "\n"
        for (i, l) in labels.enumerated() {
            s += l.padding(toLength: w, withPad: " ", startingAt: 0)
            for v in confusion[i] { let t = "\(v)"; s += " " + String(repeating: " ", count: Swift.max(0, 6 - t.count)) + t }
            s += "\n"
        }
        return s
    }
}
