/// A timestamp: a value that, read in some epoch and resolution, lands close to the time the message was captured.
///
/// Each encoding is tried in both byte orders. A random 4-byte value falls within two days of the capture time with
/// probability under 1e-4, so a few agreeing messages are strong evidence. Without a capture clock (hex dumps), values
/// must be plausible dates that stay within a year of each other, and the confidence is capped lower.
public enum TimestampDetector {
    /// Within this many seconds of capture time counts as "close" (clock skew, stale reference times).
    public static let tolerance: Double = 2 * 86_400
    /// Within this many seconds counts as "very close".
    public static let tightTolerance: Double = 600

    public static func detect(_ occurrences: [FieldOccurrence], context: SemanticContext) -> SemanticFinding? {
        guard let size = occurrences.first?.length, size == 4 || size == 8,
              occurrences.allSatisfy({ $0.length == size && $0.isValid }) else { return nil }
        var best: SemanticFinding? = nil
        for encoding in TimestampEncoding.allCases where encoding.size == size {
            for be in [true, false] {
                guard let f = score(occurrences, encoding: encoding, bigEndian: be, context: context) else { continue }
                if best == nil || f.confidence > best!.confidence { best = f }
            }
        }
        return best
    }

    static func score(_ occ: [FieldOccurrence], encoding: TimestampEncoding, bigEndian: Bool,
                      context: SemanticContext) -> SemanticFinding? {
        var nonzero = 0, close = 0, tight = 0
        var values = Set<UInt64>()
        var lo = Double.infinity, hi = -Double.infinity
        let wallClock = context.hasWallClockTime || occ.contains { $0.message.timestamp.seconds > 631_152_000 }
        for o in occ {
            let raw = o.unsigned(bigEndian: bigEndian)
            if raw == 0 { continue }
            nonzero += 1
            guard let t = encoding.unixSeconds(raw) else { continue }
            if wallClock {
                let d = abs(t - o.message.timestamp.timeInterval)
                if d <= tolerance {
                    close += 1
                    if d <= tightTolerance { tight += 1 }
                    if values.count < 4096 { values.insert(raw) }
                }
            } else if t >= 946_684_800 && t <= 2_208_988_800 {  // 2000 … 2040
                close += 1
                lo = Swift.min(lo, t)
                hi = Swift.max(hi, t)
                if values.count < 4096 { values.insert(raw) }
            }
        }
        guard nonzero > 0, close > 0 else { return nil }
        let rate = Double(close) / Double(nonzero)
        var conf: Double
        let how: String
        if wallClock {
            conf = rate * rate * ConfidenceMath.evidence(Double(values.count), half: 0.3)
            if tight * 2 < close { conf *= 0.9 }
            how = "within \(tight * 2 >= close ? "10 minutes" : "2 days") of capture time"
        } else {
            guard hi - lo <= 366 * 86_400, values.count >= 3 else { return nil }
            conf = 0.6 * rate * rate * ConfidenceMath.evidence(Double(values.count - 2), half: 1)
            how = "plausible dates within a year of each other (no capture clock)"
        }
        // Mostly-zero fields carry little evidence (an unset origin time).
        conf *= ConfidenceMath.evidence(Double(nonzero), half: 0.2) * (0.8 + 0.2 * Double(nonzero) / Double(occ.count))
        let order = bigEndian ? "big-endian" : "little-endian"
        return SemanticFinding(kind: .timestamp, confidence: conf, endianness: bigEndian ? .big : .little,
                               note: "\(encoding.rawValue) \(order), \(how) (\(ConfidenceMath.percent(rate)) of \(nonzero) non-zero)",
                               timestampEncoding: encoding)
    }
}
