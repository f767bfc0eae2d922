#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one byte column looks like across a set of position-aligned messages: the values the UI draws as a
/// histogram and the figures boundary and type inference reason with.
public struct ColumnStatistics: Sendable, Codable, Equatable {
    /// Offset of the column, from the message start (or from the end for end-aligned columns).
    public var position: Int
    /// How many messages reach this column.
    public var count: Int
    /// Occurrences of each byte value, 256 entries.
    public var histogram: [UInt32]
    /// Shannon entropy of the values in bits, 0…8.
    public var entropy: Double
    /// How many distinct values occur.
    public var distinctValues: Int
    /// Share of the most common value, 0…1: 1 means the column is constant.
    public var constancy: Double
    /// The most common value.
    public var mode: UInt8
    /// Share of printable ASCII (0x20…0x7e, tab, CR, LF).
    public var printableRatio: Double
    /// Share of zero bytes.
    public var zeroRatio: Double

    public init(position: Int, histogram: [UInt32]) {
        self.position = position
        self.histogram = histogram
        var n: UInt32 = 0, best: UInt32 = 0, bestValue = 0, distinct = 0, printable: UInt32 = 0
        for v in 0..<256 {
            let c = histogram[v]
            if c == 0 { continue }
            n += c
            distinct += 1
            if c > best { best = c; bestValue = v }
            if ByteClass.isPrintable(UInt8(v)) { printable += c }
        }
        count = Int(n)
        distinctValues = distinct
        mode = UInt8(bestValue)
        constancy = n == 0 ? 0 : Double(best) / Double(n)
        printableRatio = n == 0 ? 0 : Double(printable) / Double(n)
        zeroRatio = n == 0 ? 0 : Double(histogram[0]) / Double(n)
        entropy = Entropy.bits(histogram, total: Int(n))
    }

    /// The same figures from the values that occur (`present`, ascending): equal to `init(position:histogram:)`,
    /// without walking the 256 entries again.
    init(position: Int, histogram: [UInt32], present: [Int]) {
        self.position = position
        self.histogram = histogram
        var n: UInt32 = 0, best: UInt32 = 0, bestValue = 0, printable: UInt32 = 0
        for v in present {
            let c = histogram[v]
            n += c
            if c > best { best = c; bestValue = v }
            if ByteClass.isPrintable(UInt8(v)) { printable += c }
        }
        count = Int(n)
        distinctValues = present.count
        mode = UInt8(bestValue)
        constancy = n == 0 ? 0 : Double(best) / Double(n)
        printableRatio = n == 0 ? 0 : Double(printable) / Double(n)
        zeroRatio = n == 0 ? 0 : Double(histogram[0]) / Double(n)
        var h = 0.0
        if n > 0 {
            let total = Double(Int(n))
            for v in present {
                let p = Double(histogram[v]) / total
                h -= p * log2(p)
            }
        }
        entropy = h
    }

    /// True when every message that reaches the column has the same byte there.
    public var isConstant: Bool { distinctValues == 1 }
}

/// Byte classes shared by statistics, clustering and tokenising.
public enum ByteClass {
    /// Printable ASCII plus tab, CR and LF: what text protocols are made of.
    @inlinable public static func isPrintable(_ b: UInt8) -> Bool {
        (b >= 0x20 && b < 0x7F) || b == 0x09 || b == 0x0A || b == 0x0D
    }

    @inlinable public static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}
