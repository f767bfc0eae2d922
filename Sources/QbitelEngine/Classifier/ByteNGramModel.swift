/// A per-protocol byte bigram model over the message stream: P(byte | previous byte), with a start-of-message context.
///
/// Each protocol gets a smoothed, hashed table of log-probabilities; a flow is scored by its mean log-likelihood per
/// byte under each protocol, and a softmax with a temperature fitted on validation data turns scores into
/// probabilities. The same score says how familiar a flow is, which the open-set decision uses.
public struct ByteNGramModel: Sendable, Codable {
    public static let buckets = 8192
    /// Bytes of each message that are scored.
    public static let scanLimit = 256
    public var classCount: Int
    /// `classCount × buckets` log numerators, hashed on (previous, current).
    public var logNumerator: [Float]
    /// `classCount × 257` log denominators per previous byte (256 = start of message).
    public var logDenominator: [Float]
    /// Softmax temperature on mean log-likelihoods.
    public var temperature: Double

    @inline(__always) static func bucket(_ prev: Int, _ cur: Int) -> Int {
        ((prev &* 0x9E37 &+ cur &* 0x1F3D5B79) ^ (prev << 5)) & (buckets - 1)
    }

    /// Mean log-likelihood per byte of the flow under each class.
    public func meanLogLikelihoods(_ sample: FlowSample) -> [Double] {
        var sums = [Double](repeating: 0, count: classCount)
        var n = 0
        logNumerator.withUnsafeBufferPointer { num in
            logDenominator.withUnsafeBufferPointer { den in
                for p in sample.payloads {
                    let len = Swift.min(p.count, Self.scanLimit)
                    p.withUnsafeBytes { raw in
                        var prev = 256
                        for i in 0..<len {
                            let cur = Int(raw[i])
                            let b = Self.bucket(prev, cur)
                            for c in 0..<classCount {
                                sums[c] += Double(num[c * Self.buckets + b] - den[c * 257 + prev])
                            }
                            prev = cur
                        }
                    }
                    n += len
                }
            }
        }
        guard n > 0 else { return sums }
        return sums.map { $0 / Double(n) }
    }

    /// Class probabilities: softmax of the mean log-likelihoods times the temperature.
    public func probabilities(_ sample: FlowSample) -> [Double] {
        Self.softmax(meanLogLikelihoods(sample), temperature)
    }

    static func softmax(_ s: [Double], _ t: Double) -> [Double] {
        let m = s.max() ?? 0
        let e = s.map { _exp(($0 - m) * t) }
        let sum = e.reduce(0, +)
        return sum > 0 ? e.map { $0 / sum } : e
    }

    /// Counts bigrams per class (add-0.1 smoothing), then fits the temperature on `validation` by log loss.
    public static func train(_ samples: [(FlowSample, Int)], validation: [(FlowSample, Int)], classCount: Int) -> ByteNGramModel {
        var counts = [Float](repeating: 0, count: classCount * buckets)
        var ctx = [Float](repeating: 0, count: classCount * 257)
        for (s, c) in samples {
            for p in s.payloads {
                let len = Swift.min(p.count, scanLimit)
                var prev = 256
                for i in 0..<len {
                    let cur = Int(p[i])
                    counts[c * buckets + bucket(prev, cur)] += 1
                    ctx[c * 257 + prev] += 1
                    prev = cur
                }
            }
        }
        let alpha: Float = 0.1
        let num = counts.map { logf($0 + alpha) }
        let den = ctx.map { logf($0 + alpha * 256) }
        var model = ByteNGramModel(classCount: classCount, logNumerator: num, logDenominator: den, temperature: 4)
        let fit = validation.isEmpty ? samples : validation
        if !fit.isEmpty {
            let scores = fit.prefix(2000).map { (model.meanLogLikelihoods($0.0), $0.1) }
            var bestT = 4.0, bestLoss = Double.infinity
            for t in [0.5, 1, 2, 4, 8, 16, 32, 64] {
                var loss = 0.0
                for (s, c) in scores { loss -= _log(Swift.max(softmax(s, t)[c], 1e-9)) }
                if loss < bestLoss { bestLoss = loss; bestT = t }
            }
            model.temperature = bestT
        }
        return model
    }
}

@inline(__always) func _exp(_ x: Double) -> Double {
    #if canImport(Glibc)
    return Glibc.exp(x)
    #else
    return Darwin.exp(x)
    #endif
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
