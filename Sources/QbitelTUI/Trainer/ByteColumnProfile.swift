import Foundation
import QbitelEngine

/// Per-offset byte statistics over the messages of one type: what boundary detection starts from.
public struct ByteColumnProfile: Sendable, Equatable {
    public var offset: Int
    /// Messages long enough to have this byte.
    public var samples: Int
    public var distinct: Int
    /// Shannon entropy in bits (0 = constant, 8 = uniform).
    public var entropy: Double
    public var mostCommon: UInt8
    public var mostCommonShare: Double

    /// One pass over at most `sampleLimit` messages and `maxColumns` offsets: O(messages × columns).
    public static func compute(_ payloads: [ByteSlice], maxColumns: Int = 64, sampleLimit: Int = 2000) -> [ByteColumnProfile] {
        let sample = payloads.prefix(sampleLimit)
        let width = min(maxColumns, sample.map(\.count).max() ?? 0)
        guard width > 0 else { return [] }
        var counts = [Int](repeating: 0, count: width * 256)
        var present = [Int](repeating: 0, count: width)
        for p in sample {
            let n = min(width, p.count)
            p.withUnsafeBytes { b in
                for o in 0..<n {
                    counts[o * 256 + Int(b[o])] += 1
                    present[o] += 1
                }
            }
        }
        return (0..<width).map { o in
            let total = present[o]
            var h = 0.0, distinct = 0, best = 0, bestCount = 0
            for v in 0..<256 {
                let c = counts[o * 256 + v]
                if c == 0 { continue }
                distinct += 1
                let p = Double(c) / Double(total)
                h -= p * log2(p)
                if c > bestCount { bestCount = c; best = v }
            }
            return ByteColumnProfile(offset: o, samples: total, distinct: distinct, entropy: max(0, h), mostCommon: UInt8(best),
                                    mostCommonShare: total == 0 ? 0 : Double(bestCount) / Double(total))
        }
    }

    /// A boundary score for each offset: how much the byte's behaviour changes from the previous one
    /// (entropy jump plus a change between constant and varying), in [0, 1].
    public static func boundaryScores(_ cols: [ByteColumnProfile]) -> [Double] {
        guard !cols.isEmpty else { return [] }
        return cols.indices.map { i in
            if i == 0 { return 1 }
            let a = cols[i - 1], b = cols[i]
            let jump = abs(b.entropy - a.entropy) / 8
            let kindChange = (a.distinct == 1) != (b.distinct == 1) ? 0.5 : 0
            return min(1, jump + kindChange)
        }
    }
}
