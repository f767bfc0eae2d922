/// One classification tree of the random forest, stored flat so it encodes compactly and predicts without pointers.
public struct DecisionTree: Sendable, Codable {
    /// Per node: the feature tested, or -1 for a leaf.
    public var feature: [Int32]
    /// Per node: go left when `x[feature] <= threshold`.
    public var threshold: [Float]
    public var left: [Int32]
    public var right: [Int32]
    /// Per node: for a leaf, the index of its class distribution in `leafDistributions`.
    public var leaf: [Int32]
    /// Class probabilities of each leaf, `classCount` values per leaf.
    public var leafDistributions: [Float]
    public var classCount: Int

    /// Adds this tree's class distribution for `x` to `into`.
    @inlinable
    public func accumulate(_ x: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Double>) {
        var n = 0
        while feature[n] >= 0 {
            n = Int(x[Int(feature[n])] <= threshold[n] ? left[n] : right[n])
        }
        let base = Int(leaf[n]) * classCount
        for c in 0..<classCount { out[c] += Double(leafDistributions[base + c]) }
    }
}
