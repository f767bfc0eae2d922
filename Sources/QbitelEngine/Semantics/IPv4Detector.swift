/// IPv4 addresses inside payloads: 4 bytes equal to an endpoint of the capture, or consistently private or unicast.
///
/// Matching a known endpoint is near proof (chance 1 in 2^32 per address); "looks like a private address" is
/// weaker (about 1 in 250 for random bytes); merely unicast-looking values are not evidence on their own.
public enum IPv4Detector {
    public static func detect(_ occurrences: [FieldOccurrence], context: SemanticContext) -> SemanticFinding? {
        guard occurrences.first?.length == 4 else { return nil }
        var nonzero = 0, known = 0, privateish = 0, unicast = 0
        var values = Set<UInt32>()
        for o in occurrences where o.isValid && o.length == 4 {
            let v = UInt32(truncatingIfNeeded: o.unsigned(bigEndian: true))
            if v == 0 || v == 0xFFFF_FFFF { continue }
            nonzero += 1
            if values.count < 4096 { values.insert(v) }
            if context.knownIPv4.contains(v) || context.flowIPv4(of: o.message).contains(v) { known += 1 }
            let a = v >> 24, b = (v >> 16) & 0xFF
            if a == 10 || (a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168) || (a == 169 && b == 254) {
                privateish += 1
            } else if a >= 1 && a < 224 && a != 127 {
                unicast += 1
            }
        }
        guard nonzero > 0 else { return nil }
        let n = Double(nonzero)
        let knownRate = Double(known) / n
        let addressRate = Double(known + privateish) / n
        let plausibleRate = Double(known + privateish + unicast) / n
        var conf: Double
        let how: String
        if known > 0 && knownRate >= 0.5 {
            conf = knownRate * ConfidenceMath.evidence(Double(known), half: 0.3) * plausibleRate
            how = "matches capture endpoints"
        } else if addressRate > 0 {
            // Private ranges: each agreeing value is about 8 bits of evidence; unicast-only values add nothing.
            let llr = 0.7 * (Double(known + privateish) * 5.5 + Double(nonzero - known - privateish) * ConfidenceMath.ln(0.3 / 0.996))
            conf = ConfidenceMath.posterior(prior: 0.03, logLikelihoodRatio: llr) * addressRate * 0.9
            how = "private or known addresses"
        } else {
            conf = 0.05 * plausibleRate
            how = "unicast-looking values only"
        }
        if values.count == 1 { conf *= 0.85 }
        return SemanticFinding(kind: .ipv4, confidence: conf, endianness: .big,
                               note: "\(how) (\(ConfidenceMath.percent(plausibleRate)) of \(nonzero) plausible, \(values.count) distinct)")
    }
}
