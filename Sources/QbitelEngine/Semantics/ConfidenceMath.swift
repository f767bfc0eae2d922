#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small helpers that turn counts of evidence into confidences, shared by the detectors so they calibrate alike.
enum ConfidenceMath {
    /// Grows from 0 toward 1 with the amount of evidence `n`; `half` is the amount that gives 0.5.
    static func evidence(_ n: Double, half: Double) -> Double {
        n <= 0 ? 0 : n / (n + half)
    }

    /// Posterior probability from a prior and a log likelihood ratio.
    static func posterior(prior: Double, logLikelihoodRatio llr: Double) -> Double {
        let logOdds = log(prior / (1 - prior)) + llr
        if logOdds > 40 { return 1 }
        if logOdds < -40 { return 0 }
        return 1 / (1 + exp(-logOdds))
    }

    static func ln(_ x: Double) -> Double { log(x) }

    static func clamp(_ x: Double) -> Double { x.isNaN ? 0 : Swift.min(1, Swift.max(0, x)) }

    /// "98%" for notes.
    static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    static func hex(_ v: UInt64, bytes: Int) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: Swift.max(0, bytes * 2 - s.count)) + s
    }
}
