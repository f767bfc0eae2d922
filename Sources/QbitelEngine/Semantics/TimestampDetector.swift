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
        var nonzero = 0, close = 0, tight = 0, plausible = 0
        var values = Set<UInt64>(), plausibleValues = Set<UInt64>()
        var lo = Double.infinity, hi = -Double.infinity
        let wallClock = context.hasWallClockTime || occ.contains { $0.message.timestamp.seconds > 631_152_000 }
        for o in occ {
            let raw = o.unsigned(bigEndian: bigEndian)
            // Zero and all-ones mean "unset" in many protocols.
            if raw == 0 || raw == (size8Mask(encoding)) { continue }
            nonzero += 1
            guard let t = encoding.unixSeconds(raw) else { continue }
            if t >= 631_152_000 && t <= 2_208_988_800 {   // 1990 … 2040
                plausible += 1
                if plausibleValues.count < 4096 { plausibleValues.insert(raw) }
            }
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
        guard nonzero > 0 else { return nil }
        if close == 0 || close * 2 < plausible {
            return encoding.size == 8 ? plausibleDates(encoding: encoding, bigEndian: bigEndian, nonzero: nonzero,
                                                       plausible: plausible, distinct: plausibleValues.count, total: occ.count) : nil
        }
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
        if encoding.size == 8, let far = plausibleDates(encoding: encoding, bigEndian: bigEndian, nonzero: nonzero,
                                                        plausible: plausible, distinct: plausibleValues.count, total: occ.count),
           far.confidence > conf {
            return far
        }
        return SemanticFinding(kind: .timestamp, confidence: conf, endianness: bigEndian ? .big : .little,
                               note: "\(encoding.rawValue) \(order), \(how) (\(ConfidenceMath.percent(rate)) of \(nonzero) non-zero)",
                               timestampEncoding: encoding)
    }

    static func size8Mask(_ e: TimestampEncoding) -> UInt64 { e.size == 8 ? .max : 0xFFFF_FFFF }

    /// 8-byte times far from the capture time (file times, expiry dates): every value a date between 1990 and 2040.
    /// For 8-byte encodings a random value is such a date rarely (1e-3 for FILETIME, far less for the others), so a
    /// few distinct agreeing values are evidence; 4-byte fields are too easily in range to count.
    static func plausibleDates(encoding: TimestampEncoding, bigEndian: Bool, nonzero: Int, plausible: Int,
                               distinct: Int, total: Int) -> SemanticFinding? {
        guard plausible > 0 else { return nil }
        let ticksPerSecond: Double
        switch encoding {
        case .unixMilliseconds64: ticksPerSecond = 1e3
        case .unixMicroseconds64: ticksPerSecond = 1e6
        case .unixNanoseconds64: ticksPerSecond = 1e9
        case .windowsFileTime: ticksPerSecond = 1e7
        case .ntp64, .unixFixed64: ticksPerSecond = 4_294_967_296
        default: ticksPerSecond = 1
        }
        let chance = Swift.min(0.5, (2_208_988_800 - 631_152_000) * ticksPerSecond / 1.8446744e19)
        let llr = 0.5 * (Double(distinct) * ConfidenceMath.ln(0.9 / chance) + Double(nonzero - plausible) * ConfidenceMath.ln(0.1 / (1 - chance)))
        let rate = Double(plausible) / Double(nonzero)
        let conf = 0.8 * ConfidenceMath.posterior(prior: 0.05, logLikelihoodRatio: Swift.min(40, llr)) * rate * rate
            * (0.8 + 0.2 * Double(nonzero) / Double(total))
        return SemanticFinding(kind: .timestamp, confidence: conf, endianness: bigEndian ? .big : .little,
                               note: "\(encoding.rawValue) \(bigEndian ? "big" : "little")-endian, dates between 1990 and 2040 but not near capture time (\(ConfidenceMath.percent(rate)) of \(nonzero) set, \(distinct) distinct)",
                               timestampEncoding: encoding)
    }
}
