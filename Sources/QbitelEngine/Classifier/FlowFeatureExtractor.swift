/// Turns a flow sample into the fixed-length statistical feature vector the random forest reads.
///
/// Per message: length, entropy, byte-class shares, a 16-bucket histogram of the high nibble, 32 hashed bigram buckets
/// and the first 16 bytes. Per flow: the mean of those over the messages, the spread of each of the first 16 byte
/// positions, and length, direction and inter-arrival patterns. No ports and no protocol signatures: everything comes
/// from the bytes, their order and their timing, and a single message is enough.
public enum FlowFeatureExtractor {
    /// Names the feature layout; a model trained on another layout is refused (error 2004).
    public static let featureSetID = "flowstats-v1"
    static let positions = 16
    static let bigramBuckets = 32
    static let messageDimension = 8 + 16 + bigramBuckets + positions
    /// Length of the vector `features(_:)` returns.
    public static let dimension = messageDimension + positions + 8
    /// Bytes of each message the statistics look at; bounds the cost of huge messages.
    static let scanLimit = 1024

    /// The flow's feature vector.
    public static func features(_ sample: FlowSample) -> [Float] {
        var out = [Float](repeating: 0, count: dimension)
        let n = sample.payloads.count
        guard n > 0 else { return out }
        var posSum = [Float](repeating: 0, count: positions), posSq = [Float](repeating: 0, count: positions)
        var logLens: [Float] = []
        logLens.reserveCapacity(n)
        out.withUnsafeMutableBufferPointer { o in
            for p in sample.payloads {
                addMessageFeatures(p, into: o)
                for i in 0..<positions {
                    let v: Float = i < p.count ? Float(p[i]) / 255 : -0.1
                    posSum[i] += v
                    posSq[i] += v * v
                }
                logLens.append(log2f(1 + Float(p.count)))
            }
            let inv = 1 / Float(n)
            for i in 0..<messageDimension { o[i] *= inv }
            for i in 0..<positions {
                let mean = posSum[i] * inv
                o[messageDimension + i] = (Swift.max(0, posSq[i] * inv - mean * mean)).squareRoot()
            }
            var k = messageDimension + positions
            o[k] = log2f(Float(n) + 1) / 4; k += 1
            let lm = logLens.reduce(0, +) * inv
            o[k] = (logLens.reduce(0) { $0 + ($1 - lm) * ($1 - lm) } * inv).squareRoot() / 4; k += 1
            var c2s = 0, changes = 0
            for (i, d) in sample.directions.enumerated() {
                if d == .clientToServer { c2s += 1 }
                if i > 0, d != sample.directions[i - 1] { changes += 1 }
            }
            o[k] = Float(c2s) * inv; k += 1
            o[k] = n > 1 ? Float(changes) / Float(n - 1) : 0; k += 1
            o[k] = sample.directions.first == .clientToServer ? 1 : 0; k += 1
            o[k] = sample.transport == .tcp ? 1 : 0; k += 1
            // Inter-arrival: mean and spread of log10 gaps (seconds), 0 for one message.
            if n > 1, sample.times.count == n {
                var gaps: [Float] = []
                for i in 1..<n { gaps.append(log10f(Float(Swift.max(sample.times[i] - sample.times[i - 1], 1e-6)))) }
                let gm = gaps.reduce(0, +) / Float(gaps.count)
                o[k] = (gm + 6) / 8; k += 1
                o[k] = (gaps.reduce(0) { $0 + ($1 - gm) * ($1 - gm) } / Float(gaps.count)).squareRoot() / 4
            }
        }
        return out
    }

    /// Adds one message's features to the first `messageDimension` slots.
    static func addMessageFeatures(_ p: ByteSlice, into o: UnsafeMutableBufferPointer<Float>) {
        let len = Swift.min(p.count, scanLimit)
        o[0] += log2f(1 + Float(p.count)) / 16
        guard len > 0 else { return }
        var hist = [Int](repeating: 0, count: 256)
        var bigrams = [Int](repeating: 0, count: bigramBuckets)
        p.withUnsafeBytes { raw in
            var prev = 0
            for i in 0..<len {
                let b = Int(raw[i])
                hist[b] += 1
                if i > 0 { bigrams[(prev &* 73 &+ b &* 151) & (bigramBuckets - 1)] += 1 }
                prev = b
            }
        }
        let inv = 1 / Float(len)
        var entropy: Float = 0, printable = 0, letters = 0, digits = 0, newlines = 0, high = 0
        for b in 0..<256 where hist[b] > 0 {
            let q = Float(hist[b]) * inv
            entropy -= q * log2f(q)
            if (0x20...0x7E).contains(b) || b == 9 || b == 10 || b == 13 { printable += hist[b] }
            if (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) { letters += hist[b] }
            if (0x30...0x39).contains(b) { digits += hist[b] }
            if b == 10 || b == 13 { newlines += hist[b] }
            if b >= 0x80 { high += hist[b] }
            o[8 + b >> 4] += q
        }
        o[1] += entropy / 8
        o[2] += Float(printable) * inv
        o[3] += Float(hist[0]) * inv
        o[4] += Float(high) * inv
        o[5] += Float(letters) * inv
        o[6] += Float(digits) * inv
        o[7] += Float(newlines) * inv * 8
        if len > 1 {
            let binv = 1 / Float(len - 1)
            for i in 0..<bigramBuckets { o[24 + i] += Float(bigrams[i]) * binv }
        }
        let base = 24 + bigramBuckets
        for i in 0..<positions { o[base + i] += i < p.count ? Float(p[i]) / 255 : -0.1 }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
