/// Finds length fields: integers (1, 2 or 4 bytes, either byte order) whose value plus a fixed adjustment equals the
/// message length or the number of bytes after the field.
///
/// Evidence comes from variation: a field that follows ten different message lengths exactly is a length field;
/// one that matched a single length may be a coincidence, and the confidence says so.
public enum LengthFieldFinder {
    /// Largest |adjustment| considered: headers before or after a length are rarely longer.
    public static let maxAdjustment = 64

    /// The best length relation of one field across its occurrences, if any.
    public static func evaluate(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        guard let size = occurrences.first?.length, [1, 2, 3, 4].contains(size),
              occurrences.allSatisfy({ $0.length == size }) else { return nil }
        var best: (LengthRelation, Double, Int, Double)? = nil
        for be in size == 1 ? [true] : [true, false] {
            for target in [LengthTarget.remainingAfterField, .total] {
                guard let r = score(occurrences, size: size, bigEndian: be, target: target) else { continue }
                if best == nil || r.confidence > best!.3 { best = (r.relation, r.matchRate, r.distinct, r.confidence) }
            }
        }
        guard let (rel, rate, distinct, conf) = best, conf > 0.05 else { return nil }
        return SemanticFinding(kind: .length, confidence: conf, endianness: size > 1 ? rel.endianness : nil,
                               note: "\(rel.description) (\(ConfidenceMath.percent(rate)) of \(occurrences.count), \(distinct) lengths)",
                               lengthRelation: rel)
    }

    /// Scans the first `maxOffset` bytes of a type's messages for length fields, best first. Overlapping readings of
    /// the same bytes (a u16 whose high byte is always zero also reads as a u8) are reduced to the 2-byte one.
    public static func find(in messages: [Message], maxOffset: Int = 64, minConfidence: Double = 0.3,
                            sampleLimit: Int = 2000) -> [LengthFieldCandidate] {
        let sample = messages.count > sampleLimit ? Array(messages.prefix(sampleLimit)) : messages
        guard !sample.isEmpty else { return [] }
        var found: [LengthFieldCandidate] = []
        let longest = sample.reduce(0) { Swift.max($0, $1.length) }
        for offset in 0...Swift.max(0, Swift.min(maxOffset, longest - 1)) {
            for size in [1, 2, 4] {
                let occ = sample.compactMap { m -> FieldOccurrence? in
                    m.length >= offset + size ? FieldOccurrence(message: m, offset: offset, length: size) : nil
                }
                // The field must exist in nearly all messages of the type.
                guard occ.count * 10 >= sample.count * 9, !occ.isEmpty else { continue }
                for be in size == 1 ? [true] : [true, false] {
                    for target in [LengthTarget.remainingAfterField, .total] {
                        guard let r = score(occ, size: size, bigEndian: be, target: target),
                              r.confidence >= minConfidence else { continue }
                        found.append(LengthFieldCandidate(offset: offset, relation: r.relation, matchRate: r.matchRate,
                                                          distinctLengths: r.distinct, confidence: r.confidence))
                    }
                }
            }
        }
        return reduceOverlaps(found)
    }

    struct Score {
        var relation: LengthRelation
        var matchRate: Double
        var distinct: Int
        var confidence: Double
    }

    /// Mode of (target − value) over the occurrences, and how well it explains them.
    static func score(_ occ: [FieldOccurrence], size: Int, bigEndian: Bool, target: LengthTarget) -> Score? {
        // Votes per adjustment in −maxAdjustment…maxAdjustment, counted in an array rather than a dictionary.
        var adjustments = [Int](repeating: 0, count: 2 * maxAdjustment + 1)
        var valid = 0
        for o in occ where o.isValid {
            valid += 1
            let v = Int(truncatingIfNeeded: o.unsigned(bigEndian: bigEndian))
            let t = target == .total ? o.message.length : o.message.length - o.end
            let a = t - v
            if abs(a) <= maxAdjustment { adjustments[a + maxAdjustment] += 1 }
        }
        // The most common adjustment; on a tie the smaller one in magnitude, then the non-negative one.
        var adj = 0, hits = adjustments[maxAdjustment]
        for magnitude in 1...maxAdjustment {
            if adjustments[maxAdjustment + magnitude] > hits { adj = magnitude; hits = adjustments[maxAdjustment + magnitude] }
            if adjustments[maxAdjustment - magnitude] > hits { adj = -magnitude; hits = adjustments[maxAdjustment - magnitude] }
        }
        guard valid > 0, hits > 0 else { return nil }
        var lengths = Set<Int>()
        for o in occ where o.isValid {
            let v = Int(truncatingIfNeeded: o.unsigned(bigEndian: bigEndian))
            let t = target == .total ? o.message.length : o.message.length - o.end
            if t - v == adj { lengths.insert(t) }
        }
        let rate = Double(hits) / Double(valid)
        let distinct = lengths.count
        // One matched length: weak evidence, better when the adjustment is 0 (value is exactly the length).
        var evidence: Double
        if distinct <= 1 {
            // A value that equals the one length of a fixed-size type might be chance; zero "covering" zero bytes at
            // the end of a message (padding, an empty count) proves nothing at all.
            let covered = lengths.first ?? 0
            if covered == 0 || covered - adj == 0 { evidence = 0.05 }
            else if adj == 0 { evidence = hits >= 10 ? 0.55 : (hits >= 3 ? 0.4 : 0.2) }
            else { evidence = 0.2 }
        } else {
            // Chance that random values of this size hit one adjustment for `distinct` different lengths.
            let chanceBits = Double(Swift.min(size, 2) * 8) - 7   // an adjustment window of ±64 eats 7 bits
            let llr = Double(distinct - 1) * Swift.max(1, chanceBits) * 0.69 * 0.7
            evidence = ConfidenceMath.posterior(prior: 0.1, logLikelihoodRatio: llr)
            if adj != 0 { evidence *= 0.97 }
        }
        let confidence = ConfidenceMath.clamp(evidence * rate * rate)
        let rel = LengthRelation(target: target, adjustment: adj, size: size, endianness: bigEndian ? .big : .little)
        return Score(relation: rel, matchRate: rate, distinct: distinct, confidence: confidence)
    }

    /// Keeps one reading per set of bytes: 2-byte readings win over the 1- and 4-byte readings they overlap, then
    /// the higher confidence; and per field the better target.
    static func reduceOverlaps(_ cands: [LengthFieldCandidate]) -> [LengthFieldCandidate] {
        func sizeRank(_ c: LengthFieldCandidate) -> Int { c.size == 2 ? 2 : (c.size == 1 ? 1 : 0) }
        let sorted = cands.sorted { a, b in
            if abs(a.confidence - b.confidence) > 0.02 { return a.confidence > b.confidence }
            if sizeRank(a) != sizeRank(b) { return sizeRank(a) > sizeRank(b) }
            if abs(a.relation.adjustment) != abs(b.relation.adjustment) {
                return abs(a.relation.adjustment) < abs(b.relation.adjustment)
            }
            if a.endianness != b.endianness { return a.endianness == .big }
            return a.offset < b.offset
        }
        var kept: [LengthFieldCandidate] = []
        for c in sorted {
            let r = c.offset..<(c.offset + c.size)
            if kept.contains(where: { k in (k.offset..<(k.offset + k.size)).overlaps(r) }) { continue }
            kept.append(c)
        }
        return kept
    }

    /// A length of what follows: the field is the length of a type-length-value (or length-value) item, and
    /// following the lengths from this item on reaches the end of the message (or an end marker and padding) in most
    /// messages. This is how option lists, attribute lists and label sequences carry their lengths.
    public static func evaluateFollowing(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        guard let size = occurrences.first?.length, size == 1 || size == 2,
              occurrences.allSatisfy({ $0.length == size && $0.isValid }) else { return nil }
        let sampleCount = Swift.min(occurrences.count, 500)
        var best: SemanticFinding? = nil
        for layout in TLVLayout.common where layout.lengthSize == size {
            var tiled = 0, items = 0, tested = 0
            var values = Set<UInt64>()
            for k in 0..<sampleCount {
                let start = occurrences[k].offset - layout.typeSize
                guard start >= 0 else { continue }
                tested += 1
                let p = occurrences[k].message.payload
                let n = TLVChainFinder.itemCount(p, from: start, to: p.count, layout: layout, allowEndMarker: true)
                if n >= 1 {
                    tiled += 1
                    items += n
                    if values.count < 256 { values.insert(occurrences[k].unsigned(bigEndian: layout.endianness == .big)) }
                }
            }
            guard tested > 0, tiled >= 2, values.count >= 2 else { continue }
            let rate = Double(tiled) / Double(tested)
            // A chain of lengths that lands exactly on the end (or on an end marker) by chance: about once per mean
            // item length. Each message is a test; more items per message and more distinct lengths add evidence.
            let llr = 0.6 * (Double(tiled) * 2.5 + Double(tested - tiled) * ConfidenceMath.ln(0.15 / 0.9)
                             + Double(Swift.max(0, items - tiled)) * 0.3 + Double(values.count - 1) * 0.5)
                - ConfidenceMath.ln(Double(TLVLayout.common.count))
            // Capped: chains resynchronise, so a byte inside a value can hop into the true chain and tile as well.
            let conf = 0.8 * ConfidenceMath.posterior(prior: 0.03, logLikelihoodRatio: Swift.min(40, llr)) * rate * rate
            let adj = layout.lengthIncludesHeader ? -layout.headerSize : 0
            let rel = LengthRelation(target: .following, adjustment: adj, size: size, endianness: layout.endianness)
            let f = SemanticFinding(kind: .length, confidence: conf, endianness: size > 1 ? layout.endianness : nil,
                                    note: "\(rel.description) of a \(layout) item; the items reach the end in \(ConfidenceMath.percent(rate)) of \(tested) messages",
                                    lengthRelation: rel)
            if best == nil || f.confidence > best!.confidence { best = f }
        }
        return best
    }
}
