/// Fields that take a few values over many messages: an enumeration (type codes, opcodes) or flags (bits that vary
/// on their own).
///
/// Dense small ranges of values read as an enumeration; sparse values that differ in few bits read as flags. The two
/// overlap by nature, and the confidences say so.
public enum EnumerationDetector {
    public static func detect(_ occurrences: [FieldOccurrence]) -> [SemanticFinding] {
        let occurrences = occurrences.filter(\.isValid)
        guard let first = occurrences.first, [1, 2, 4].contains(first.length),
              occurrences.allSatisfy({ $0.length == first.length }) else { return [] }
        let n = occurrences.count
        guard n >= 4 else { return [] }
        var counts: [UInt64: Int] = [:]
        for o in occurrences {
            counts[o.unsigned(bigEndian: true), default: 0] += 1
            if counts.count > 64 { return [] }
        }
        let k = counts.count
        guard k >= 2 else { return [] }
        let values = counts.keys.sorted()
        let repeats = Double(n) / Double(k)
        var base = (1 - Double(k) / Double(n)) * ConfidenceMath.evidence(repeats - 1, half: 3)
        if k > 16 { base *= 0.5 }
        if first.length == 4 { base *= 0.8 }

        let v0 = values[0]
        var varying: UInt64 = 0
        for v in values { varying |= v ^ v0 }
        let varyingBits = varying.nonzeroBitCount
        let span = values[k - 1] - values[0] + 1
        let dense = span <= UInt64(2 * k)
        // Values that are unions of a few single bits: each bit on or off on its own.
        let bitsLike = varyingBits <= 8 && (!dense || values.allSatisfy { ($0 ^ v0).nonzeroBitCount <= 1 || $0 == 0 })

        let shown = values.prefix(8).map { ConfidenceMath.hex($0, bytes: first.length) }.joined(separator: ", ")
        let more = k > 8 ? ", …" : ""
        var out: [SemanticFinding] = []
        let enumConfidence = dense ? base : base * (bitsLike ? 0.55 : 0.8)
        out.append(SemanticFinding(kind: .enumeration, confidence: enumConfidence,
                                   endianness: first.length > 1 ? .big : nil,
                                   note: "\(k) values over \(n) messages: \(shown)\(more)"))
        if bitsLike && k >= 2 {
            let flagConfidence = dense ? base * 0.4 : base
            out.append(SemanticFinding(kind: .flags, confidence: flagConfidence,
                                       endianness: first.length > 1 ? .big : nil,
                                       note: "\(varyingBits) bits vary (mask \(ConfidenceMath.hex(varying, bytes: first.length))) over \(n) messages"))
        }
        return out
    }
}
