/// One proposed inner boundary with how sure the evidence makes it and which rule proposed it.
public struct BoundaryEvidence: Sendable, Equatable, Codable {
    public var offset: Int
    /// Calibrated confidence in [0, 1]: the share of boundaries of this rule and strength that were right where
    /// truth was available.
    public var confidence: Double
    public var rule: String

    public init(offset: Int, confidence: Double, rule: String) {
        self.offset = offset
        self.confidence = confidence
        self.rule = rule
    }
}

extension BoundaryEvidence {
    /// `evidence` with no edge strictly inside any of `ranges` (sorted, not overlapping) and both ends of each range
    /// added: a field whose extent a detector established overrides weaker edges inside it.
    static func pinning(_ evidence: [BoundaryEvidence], ranges: [Range<Int>], confidence: Double,
                        rule: String) -> [BoundaryEvidence] {
        guard !ranges.isEmpty else { return evidence }
        var out: [BoundaryEvidence] = []
        out.reserveCapacity(evidence.count + 2 * ranges.count)
        var k = 0
        for e in evidence.sorted(by: { $0.offset < $1.offset }) {
            while k < ranges.count, ranges[k].upperBound <= e.offset { k += 1 }
            if k < ranges.count, e.offset > ranges[k].lowerBound, e.offset < ranges[k].upperBound { continue }
            out.append(e)
        }
        for r in ranges {
            out.append(BoundaryEvidence(offset: r.lowerBound, confidence: confidence, rule: rule))
            out.append(BoundaryEvidence(offset: r.upperBound, confidence: confidence, rule: rule))
        }
        return out
    }
}
