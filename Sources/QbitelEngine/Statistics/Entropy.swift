#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entropy and information figures over value counts, in bits.
public enum Entropy {
    /// Plug-in Shannon entropy of a histogram.
    public static func bits<C: Collection>(_ counts: C, total: Int) -> Double where C.Element: BinaryInteger {
        guard total > 0 else { return 0 }
        let n = Double(total)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h
    }

    /// Expected plug-in mutual information between two independent variables with `a` and `b` observed values over
    /// `n` samples (Miller–Madow bias): what a split earns by chance alone.
    public static func chanceInformation(valuesA a: Int, valuesB b: Int, samples n: Int) -> Double {
        guard n > 0 else { return 0 }
        return Double(max(a - 1, 0) * max(b - 1, 0)) / (2 * Double(n) * 0.6931471805599453)
    }
}
