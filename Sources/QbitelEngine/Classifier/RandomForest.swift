/// A random forest over the statistical flow features: bagged Gini trees with a random feature subset per split.
///
/// Splits are searched on per-feature quantile bins (at most 32), which keeps training linear in the samples per
/// level. Bootstrap samples are drawn class-balanced so that rare protocols are not drowned by common ones.
public struct RandomForest: Sendable, Codable {
    public struct Parameters: Sendable, Codable {
        public var trees = 40
        public var maxDepth = 14
        public var minSamplesSplit = 2
        public var bins = 32
        /// Cap on the bootstrap size of each tree.
        public var maxBootstrap = 4000
        public var seed: UInt64 = 1
        public init() {}
    }

    public var trees: [DecisionTree]
    public var classCount: Int
    public var featureCount: Int

    /// Class probabilities for one feature vector.
    public func probabilities(_ x: [Float]) -> [Double] {
        var out = [Double](repeating: 0, count: classCount)
        guard !trees.isEmpty, x.count == featureCount else { return out }
        x.withUnsafeBufferPointer { xb in
            out.withUnsafeMutableBufferPointer { ob in
                for t in trees { t.accumulate(xb, into: ob) }
            }
        }
        let inv = 1 / Double(trees.count)
        for c in 0..<classCount { out[c] *= inv }
        return out
    }

    /// Trains on `x` (rows of equal length) with labels in `0..<classCount`.
    public static func train(x: [[Float]], y: [Int], classCount: Int, parameters p: Parameters = Parameters()) -> RandomForest {
        let n = x.count, d = x.first?.count ?? 0
        guard n > 0, d > 0 else { return RandomForest(trees: [], classCount: classCount, featureCount: d) }
        // Quantile bin edges per feature.
        var edges: [[Float]] = []
        var binned = [UInt8](repeating: 0, count: n * d)
        for j in 0..<d {
            var col = x.map { $0[j] }
            col.sort()
            var e: [Float] = []
            for k in 1..<p.bins {
                let v = col[Swift.min(n - 1, k * n / p.bins)]
                if e.last != v, v < col[n - 1] { e.append(v) }
            }
            edges.append(e)
            for i in 0..<n {
                let v = x[i][j]
                var lo = 0, hi = e.count
                while lo < hi { let mid = (lo + hi) / 2; if v <= e[mid] { hi = mid } else { lo = mid + 1 } }
                binned[i * d + j] = UInt8(lo)
            }
        }
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, c) in y.enumerated() { byClass[c].append(i) }
        let present = (0..<classCount).filter { !byClass[$0].isEmpty }
        let mtry = Swift.max(1, Int(Double(d).squareRoot().rounded()))
        var rng = ClassifierRandom(seed: p.seed)
        var trees: [DecisionTree] = []
        let bootN = Swift.min(n, p.maxBootstrap)
        for _ in 0..<p.trees {
            var idx: [Int] = []
            idx.reserveCapacity(bootN)
            for _ in 0..<bootN {
                let c = present[Int(rng.next() % UInt64(present.count))]
                let members = byClass[c]
                idx.append(members[Int(rng.next() % UInt64(members.count))])
            }
            var builder = TreeBuilder(binned: binned, d: d, y: y, classCount: classCount, edges: edges, mtry: mtry,
                                      maxDepth: p.maxDepth, minSplit: p.minSamplesSplit, rng: rng)
            builder.build(&idx, 0, idx.count, depth: 0)
            rng = builder.rng
            trees.append(builder.tree())
        }
        return RandomForest(trees: trees, classCount: classCount, featureCount: d)
    }
}

/// Grows one tree on binned features.
struct TreeBuilder {
    let binned: [UInt8]
    let d: Int
    let y: [Int]
    let classCount: Int
    let edges: [[Float]]
    let mtry: Int
    let maxDepth: Int
    let minSplit: Int
    var rng: ClassifierRandom
    var feature: [Int32] = [], threshold: [Float] = [], left: [Int32] = [], right: [Int32] = [], leaf: [Int32] = []
    var dists: [Float] = []

    init(binned: [UInt8], d: Int, y: [Int], classCount: Int, edges: [[Float]], mtry: Int, maxDepth: Int, minSplit: Int,
         rng: ClassifierRandom) {
        self.binned = binned; self.d = d; self.y = y; self.classCount = classCount; self.edges = edges
        self.mtry = mtry; self.maxDepth = maxDepth; self.minSplit = minSplit; self.rng = rng
    }

    func tree() -> DecisionTree {
        DecisionTree(feature: feature, threshold: threshold, left: left, right: right, leaf: leaf,
                     leafDistributions: dists, classCount: classCount)
    }

    private mutating func newNode() -> Int {
        feature.append(-1); threshold.append(0); left.append(-1); right.append(-1); leaf.append(-1)
        return feature.count - 1
    }

    private mutating func makeLeaf(_ node: Int, _ counts: [Int], _ total: Int) {
        leaf[node] = Int32(dists.count / classCount)
        for c in 0..<classCount { dists.append(Float(counts[c]) / Float(Swift.max(total, 1))) }
    }

    /// Builds the subtree over `idx[lo..<hi]`, returns its node index.
    @discardableResult
    mutating func build(_ idx: inout [Int], _ lo: Int, _ hi: Int, depth: Int) -> Int {
        let node = newNode()
        let total = hi - lo
        var counts = [Int](repeating: 0, count: classCount)
        for k in lo..<hi { counts[y[idx[k]]] += 1 }
        let pure = counts.filter { $0 > 0 }.count <= 1
        if pure || depth >= maxDepth || total < minSplit { makeLeaf(node, counts, total); return node }
        func gini(_ c: UnsafeBufferPointer<Int>, _ n: Int) -> Double {
            guard n > 0 else { return 0 }
            var s = 0.0
            for v in c { let q = Double(v) / Double(n); s += q * q }
            return 1 - s
        }
        var bestScore = gini(counts.withUnsafeBufferPointer { $0 }, total) * Double(total) - 1e-9
        var bestFeature = -1, bestBin = 0
        let nb = 33
        var hist = [Int](repeating: 0, count: nb * classCount)
        var leftCounts = [Int](repeating: 0, count: classCount), rightCounts = [Int](repeating: 0, count: classCount)
        // Try mtry random features (resampling when a feature has a single bin).
        var tried = 0, attempts = 0
        while tried < mtry, attempts < mtry * 3 {
            attempts += 1
            let j = Int(rng.next() % UInt64(d))
            let ne = edges[j].count
            if ne == 0 { continue }
            tried += 1
            for i in 0..<hist.count { hist[i] = 0 }
            for k in lo..<hi { let i = idx[k]; hist[Int(binned[i * d + j]) * classCount + y[i]] += 1 }
            for c in 0..<classCount { leftCounts[c] = 0; rightCounts[c] = counts[c] }
            var nl = 0
            for b in 0..<ne {
                for c in 0..<classCount {
                    let v = hist[b * classCount + c]
                    leftCounts[c] += v; rightCounts[c] -= v; nl += v
                }
                if nl == 0 || nl == total { continue }
                let s = leftCounts.withUnsafeBufferPointer { gini($0, nl) } * Double(nl)
                    + rightCounts.withUnsafeBufferPointer { gini($0, total - nl) } * Double(total - nl)
                if s < bestScore { bestScore = s; bestFeature = j; bestBin = b }
            }
        }
        if bestFeature < 0 { makeLeaf(node, counts, total); return node }
        // Partition in place: bins <= bestBin go left.
        var i = lo, j = hi - 1
        while i <= j {
            if Int(binned[idx[i] * d + bestFeature]) <= bestBin { i += 1 } else { idx.swapAt(i, j); j -= 1 }
        }
        feature[node] = Int32(bestFeature)
        threshold[node] = edges[bestFeature][bestBin]
        let l = build(&idx, lo, i, depth: depth + 1)
        let r = build(&idx, i, hi, depth: depth + 1)
        left[node] = Int32(l)
        right[node] = Int32(r)
        return node
    }
}
