/// IEEE 754 floats (4 or 8 bytes, either byte order): finite, normal values of sane magnitude whose exponents stay
/// close together while the mantissa varies.
public enum FloatDetector {
    public static func detect(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        guard let size = occurrences.first?.length, size == 4 || size == 8,
              occurrences.allSatisfy({ $0.length == size && $0.isValid }) else { return nil }
        var best: SemanticFinding? = nil
        for be in [true, false] {
            var nonzero = 0, sane = 0, fractional = 0
            var exps: [Int] = []
            var values = Set<UInt64>()
            for o in occurrences {
                let raw = o.unsigned(bigEndian: be)
                if raw == 0 { continue }
                nonzero += 1
                let x: Double = size == 4 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: raw))) : Double(bitPattern: raw)
                guard x.isFinite, x.isNormal, abs(x) >= 1e-6, abs(x) <= 1e9 else { continue }
                // Little mantissa noise: small integers stored as integers read as tiny denormal-free floats rarely.
                sane += 1
                exps.append(Int(x.exponent))
                if x != x.rounded() { fractional += 1 }
                if values.count < 4096 { values.insert(raw) }
            }
            guard nonzero >= 2, sane >= 2 else { continue }
            let rate = Double(sane) / Double(nonzero)
            let lo = exps.min()!, hi = exps.max()!
            let spreadOK = hi - lo <= 16
            // Random 4 bytes are sane about 1 time in 5; each agreeing value is a little over 2 bits of evidence.
            let llr = 0.6 * (Double(sane) * 1.5 + Double(nonzero - sane) * ConfidenceMath.ln(0.05 / 0.8))
            var conf = ConfidenceMath.posterior(prior: 0.05, logLikelihoodRatio: Swift.min(40, llr)) * rate * rate
            if !spreadOK { conf *= 0.4 }
            if values.count < 3 { conf *= 0.5 }
            // Whole numbers are more often integers in disguise than floats.
            if fractional * 2 < sane { conf *= 0.6 }
            let f = SemanticFinding(kind: .float, confidence: conf, endianness: be ? .big : .little,
                                    note: "float\(size * 8) \(be ? "big" : "little")-endian, exponents 2^\(lo)…2^\(hi) (\(ConfidenceMath.percent(rate)) of \(nonzero) non-zero)")
            if best == nil || f.confidence > best!.confidence { best = f }
        }
        return best
    }
}
