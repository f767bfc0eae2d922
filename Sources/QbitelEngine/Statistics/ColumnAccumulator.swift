/// Builds `ColumnStatistics` for the first `width` positions of many messages in one linear pass.
public struct ColumnAccumulator: Sendable {
    public let width: Int
    public let fromEnd: Bool
    private var counts: [UInt32]

    /// `fromEnd` aligns messages on their last byte: column 0 is the last byte.
    public init(width: Int, fromEnd: Bool = false) {
        self.width = max(width, 0)
        self.fromEnd = fromEnd
        counts = [UInt32](repeating: 0, count: self.width * 256)
    }

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        let n = min(bytes.count, width)
        guard n > 0 else { return }
        counts.withUnsafeMutableBufferPointer { c in
            if fromEnd {
                let last = bytes.count - 1
                for i in 0..<n { c[i &* 256 &+ Int(bytes[last - i])] &+= 1 }
            } else {
                for i in 0..<n { c[i &* 256 &+ Int(bytes[i])] &+= 1 }
            }
        }
    }

    /// The columns that at least one message reached.
    public func columns() -> [ColumnStatistics] {
        var out: [ColumnStatistics] = []
        var present: [Int] = []
        present.reserveCapacity(256)
        counts.withUnsafeBufferPointer { c in
            for i in 0..<width {
                let column = c.baseAddress! + i * 256
                // The values that occur, ascending: most columns hold a few of the 256, so the figures are worked out
                // over those alone (two counts are tested at a time).
                present.removeAll(keepingCapacity: true)
                UnsafeRawPointer(column).withMemoryRebound(to: UInt64.self, capacity: 128) { pairs in
                    for w in 0..<128 where pairs[w] != 0 {
                        if column[2 * w] != 0 { present.append(2 * w) }
                        if column[2 * w + 1] != 0 { present.append(2 * w + 1) }
                    }
                }
                if present.isEmpty { break }
                let col = ColumnStatistics(position: i, histogram: Array(UnsafeBufferPointer(start: column, count: 256)),
                                           present: present)
                out.append(col)
            }
        }
        return out
    }
}
