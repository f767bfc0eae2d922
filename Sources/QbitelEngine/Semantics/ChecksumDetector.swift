/// Checksums verified exactly: CRC-16 and CRC-32 variants, the Internet checksum and 8-bit sums, over candidate
/// ranges around the field (from some start up to the field, after it, or all but the field), in either byte order.
///
/// Hypotheses are enumerated on one message and only the survivors are checked on the others, so the cost is one
/// pass of CRCs over a message plus a few per further message. A false match needs the same wrong hypothesis to hold
/// on several different messages, which for 16 or 32 bits is practically impossible; the confidence is the posterior
/// of that test.
public enum ChecksumDetector {
    /// How far back a range that ends at the field may start (a block CRC covers the bytes just before it).
    public static let maxBlock = 64
    /// Messages a hypothesis is verified on.
    public static let verifyLimit = 200

    public static func detect(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        guard let r = bestHypothesis(occurrences) else { return nil }
        let s = r.spec
        return SemanticFinding(kind: .checksum, confidence: r.confidence, endianness: s.algorithm.width > 1 ? s.endianness : nil,
                               note: "\(s.algorithm.rawValue) over \(s.coverage.description), \(s.algorithm.width > 1 ? (s.endianness == .big ? "big-endian, " : "little-endian, ") : "")verified on \(r.verified) of \(r.tested) messages",
                               checksum: s)
    }

    /// Scans a type's messages for checksum fields: at fixed offsets up to `maxOffset`, and as trailers at the end.
    public static func find(in messages: [Message], maxOffset: Int = 64, minConfidence: Double = 0.5) -> [ChecksumCandidate] {
        var seen = Set<ByteSlice>()
        var sample: [Message] = []
        for m in messages where sample.count < verifyLimit {
            if seen.insert(m.payload).inserted { sample.append(m) }
        }
        guard !sample.isEmpty else { return [] }
        var out: [ChecksumCandidate] = []
        let shortest = sample.reduce(Int.max) { Swift.min($0, $1.length) }
        for size in [2, 4, 1] {
            // Trailers first: most framed protocols put the CRC last.
            if shortest > size {
                let occ = sample.map { FieldOccurrence(message: $0, offset: $0.length - size, length: size) }
                if let r = bestHypothesis(occ, alreadyDistinct: true), r.confidence >= minConfidence {
                    out.append(ChecksumCandidate(offset: size, fromEnd: true, size: size, spec: r.spec,
                                                 confidence: r.confidence, matchRate: Double(r.verified) / Double(r.tested)))
                }
            }
            var offset = 0
            while offset <= Swift.min(maxOffset, shortest - size) {
                let occ = sample.map { FieldOccurrence(message: $0, offset: offset, length: size) }
                if let r = bestHypothesis(occ, alreadyDistinct: true), r.confidence >= minConfidence {
                    out.append(ChecksumCandidate(offset: offset, fromEnd: false, size: size, spec: r.spec,
                                                 confidence: r.confidence, matchRate: Double(r.verified) / Double(r.tested)))
                }
                offset += 1
            }
        }
        // One checksum per bytes: the wider, surer reading wins.
        var kept: [ChecksumCandidate] = []
        for c in out.sorted(by: { ($0.confidence, $0.size) > ($1.confidence, $1.size) }) {
            let overlaps = kept.contains { k in
                k.fromEnd == c.fromEnd && (k.offset..<(k.offset + k.size)).overlaps(c.offset..<(c.offset + c.size))
            }
            if !overlaps { kept.append(c) }
        }
        return kept
    }

    struct Result {
        var spec: ChecksumSpec
        var verified: Int
        var tested: Int
        var confidence: Double
    }

    static func coverages(fieldOffset: Int) -> [ChecksumCoverage] {
        var c: [ChecksumCoverage] = [.allButField, .after]
        if fieldOffset > 0 { c.append(.before(start: 0)) }
        var s = Swift.max(1, fieldOffset - maxBlock)
        while s < fieldOffset { c.append(.before(start: s)); s += 1 }
        return c
    }

    /// Every hypothesis that verifies on `o`.
    static func hypotheses(verifying o: FieldOccurrence) -> [ChecksumSpec] {
        var out: [ChecksumSpec] = []
        let algorithms = ChecksumAlgorithm.fitting(size: o.length)
        guard !algorithms.isEmpty, o.isValid else { return [] }
        let be = o.unsigned(bigEndian: true), le = o.unsigned(bigEndian: false)
        let bytes = o.message.payload.buffer
        for cov in coverages(fieldOffset: o.offset) {
            let probe = ChecksumSpec(algorithm: algorithms[0], coverage: cov, endianness: .big)
            guard let (first, second) = probe.coveredRanges(payloadCount: bytes.count, fieldOffset: o.offset,
                                                            fieldLength: o.length) else { continue }
            let a1 = UnsafeRawBufferPointer(rebasing: bytes[first]), a2 = UnsafeRawBufferPointer(rebasing: bytes[second])
            for a in algorithms {
                let v = UInt64(a.compute(a1, a2))
                if v == be { out.append(ChecksumSpec(algorithm: a, coverage: cov, endianness: .big)) }
                if o.length > 1 && v == le && le != be { out.append(ChecksumSpec(algorithm: a, coverage: cov, endianness: .little)) }
            }
        }
        return out
    }

    static func bestHypothesis(_ occurrences: [FieldOccurrence], alreadyDistinct: Bool = false) -> Result? {
        guard let size = occurrences.first?.length, [1, 2, 4].contains(size) else { return nil }
        var distinct: [FieldOccurrence] = []
        if alreadyDistinct {
            distinct = occurrences.filter { $0.isValid && $0.length == size }
        } else {
            // Distinct contents only: repeated identical messages prove nothing new.
            var seen = Set<ByteSlice>()
            for o in occurrences where o.isValid && o.length == size && distinct.count < verifyLimit {
                if seen.insert(o.message.payload).inserted { distinct.append(o) }
            }
        }
        guard !distinct.isEmpty else { return nil }
        var best: Result? = nil
        // Seed from up to three messages in case the first is damaged. A zero field is a poor seed: zero runs
        // (padding) "verify" every sum over zeros.
        let seeds = distinct.indices.filter { distinct[$0].unsigned(bigEndian: true) != 0 }.prefix(3)
        for seedIndex in seeds {
            let seed = distinct[seedIndex]
            var hyps = hypotheses(verifying: seed)
            // Dozens of readings that all fit one message mean the bytes are degenerate, not a checksum.
            if hyps.isEmpty || hyps.count > 48 { continue }
            // Cheap first pass: drop readings that fail on the next few messages.
            let probe = distinct.prefix(9).filter { $0.message.index != seed.message.index }
            if probe.count >= 4 {
                hyps = hyps.filter { h in
                    probe.reduce(0) { $0 + (h.verifies($1.message.payload, fieldOffset: $1.offset, fieldLength: $1.length) ? 1 : 0) } * 2 >= probe.count
                }
                if hyps.isEmpty { continue }
            }
            var verified = [Int](repeating: 0, count: hyps.count)
            var values = [Set<UInt64>](repeating: [], count: hyps.count)
            for o in distinct {
                let raw = o.unsigned(bigEndian: true)
                for (i, h) in hyps.enumerated() where h.verifies(o.message.payload, fieldOffset: o.offset, fieldLength: o.length) {
                    verified[i] += 1
                    values[i].insert(raw)
                }
            }
            let hypothesisCount = Double(coverages(fieldOffset: seed.offset).count * ChecksumAlgorithm.fitting(size: size).count * (size > 1 ? 2 : 1))
            for i in hyps.indices {
                let rate = Double(verified[i]) / Double(distinct.count)
                // Chance that one of the hypotheses fits `k` distinct values by luck: H · 2^(−8·size·k).
                let k = Double(values[i].count)
                // One-byte sums are easily matched by correlated fields (a sequence number that moves with another):
                // count their evidence at half weight and ask for more distinct values.
                let bitsPerValue = Double(size * 8) * 0.693 * (size == 1 ? 0.5 : 1)
                let llr = -(ConfidenceMath.ln(hypothesisCount) - k * bitsPerValue)
                var conf = ConfidenceMath.posterior(prior: 0.05, logLikelihoodRatio: Swift.min(60, llr)) * rate * rate
                if values[i].count < 2 || (size == 1 && values[i].count < 6) { conf = Swift.min(conf, 0.3) }
                let r = Result(spec: hyps[i], verified: verified[i], tested: distinct.count, confidence: ConfidenceMath.clamp(conf))
                if best == nil || r.confidence > best!.confidence || (r.confidence == best!.confidence && preferred(r.spec, over: best!.spec)) {
                    best = r
                }
            }
            if let b = best, b.confidence > 0.9 { break }
        }
        return best
    }

    /// Among equally good hypotheses, the simplest coverage and the common algorithms first.
    static func preferred(_ a: ChecksumSpec, over b: ChecksumSpec) -> Bool {
        func rank(_ c: ChecksumCoverage) -> Int {
            switch c {
            case .before(let s): return s == 0 ? 0 : 3
            case .allButField: return 1
            case .after: return 2
            }
        }
        return rank(a.coverage) < rank(b.coverage)
    }
}
