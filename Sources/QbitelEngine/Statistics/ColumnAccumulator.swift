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
        for i in 0..<width {
            let h = Array(counts[(i * 256)..<((i + 1) * 256)])
            let col = ColumnStatistics(position: i, histogram: h)
            if col.count == 0 { break }
            out.append(col)
        }
        return out
    }
}
