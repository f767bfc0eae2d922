/// Says what a field means: runs every detector over the occurrences of one field across a type's messages and
/// picks the best-supported meaning.
///
/// Detectors that check a field against something outside it (the message length, a checksum, the capture clock, the
/// reply, a counter's predecessor) explain more than ones that only look at the spread of values (constant, enum,
/// flags), so a checked meaning at 0.5 or more wins over a value-spread meaning.
public struct FieldSemantics: Sendable {
    public let context: SemanticContext
    /// Occurrences beyond this are not read (the first ones are kept, so flows stay contiguous for counters).
    public var sampleLimit: Int
    /// Also run the detectors still being evaluated (`ExperimentalDetectors`); off, they are never called.
    public var experimentalDetectors: Bool

    public init(context: SemanticContext, sampleLimit: Int = 2000, experimentalDetectors: Bool = false) {
        self.context = context
        self.sampleLimit = sampleLimit
        self.experimentalDetectors = experimentalDetectors
    }

    /// The best meaning of one field across a type's messages. Never fails: with no evidence it says `integer` or
    /// `bytes` with a low confidence.
    public func classify(_ occurrences: [FieldOccurrence]) -> SemanticFinding {
        let all = candidates(occurrences)
        let checked = all.filter { Self.isChecked($0.kind) && $0.confidence >= 0.5 }
        if let best = checked.max(by: { Self.rank($0) < Self.rank($1) }) { return best }
        if let best = all.max(by: { Self.rank($0) < Self.rank($1) }), best.confidence >= 0.3 { return best }
        return fallback(occurrences, best: all.first)
    }

    /// Every detector's opinion, best first, for the field table's "why" view and trainer mode.
    public func candidates(_ occurrences: [FieldOccurrence]) -> [SemanticFinding] {
        let occ = sample(occurrences)
        guard !occ.isEmpty else { return [] }
        var out: [SemanticFinding] = []
        if let f = ConstantDetector.detect(occ) { out.append(f) }
        let varying = out.isEmpty
        if varying {
            out += EnumerationDetector.detect(occ)
            if let f = CounterDetector.detect(occ) { out.append(f) }
            if let f = TransactionIDDetector.detect(occ, context: context) { out.append(f) }
            if let f = TimestampDetector.detect(occ, context: context) { out.append(f) }
            if let f = ChecksumDetector.detect(occ) { out.append(f) }
            if let f = FloatDetector.detect(occ) { out.append(f) }
        }
        let length = LengthFieldFinder.evaluate(occ)
        if let f = length { out.append(f) }
        if (length?.confidence ?? 0) < 0.5, let f = LengthFieldFinder.evaluateFollowing(occ) { out.append(f) }
        if let f = IPv4Detector.detect(occ, context: context) { out.append(f) }
        if let f = StringDetector.detect(occ) { out.append(f) }
        if let f = LengthPrefixedStringDetector.detect(occ) { out.append(f) }
        if experimentalDetectors { out += ExperimentalDetectors.detect(occ, context: context) }
        return out.sorted { Self.rank($0) > Self.rank($1) }
    }

    /// Occurrences that lie inside their messages, capped at `sampleLimit`.
    func sample(_ occurrences: [FieldOccurrence]) -> [FieldOccurrence] {
        // Usually every occurrence is valid and within the limit: the list is shared, not copied.
        if occurrences.count <= sampleLimit && occurrences.allSatisfy(\.isValid) { return occurrences }
        var out: [FieldOccurrence] = []
        out.reserveCapacity(Swift.min(occurrences.count, sampleLimit))
        for o in occurrences where o.isValid {
            out.append(o)
            if out.count >= sampleLimit { break }
        }
        return out
    }

    /// Meanings verified against something outside the field's own values.
    public static func isChecked(_ kind: FieldKind) -> Bool {
        switch kind {
        case .length, .counter, .id, .timestamp, .checksum, .ipv4, .lengthPrefixedString: return true
        default: return false
        }
    }

    /// Confidence first; near-ties go to the more specific meaning.
    static func rank(_ f: SemanticFinding) -> Double {
        let specificity: Double
        switch f.kind {
        case .checksum: specificity = 7
        case .timestamp: specificity = 6
        case .length: specificity = 5
        case .id: specificity = 4.5
        case .counter: specificity = 4
        case .ipv4: specificity = 3.5
        case .lengthPrefixedString: specificity = 3
        case .string: specificity = 2.5
        case .float: specificity = 2
        case .constant: specificity = 1.5
        case .flags: specificity = 1
        case .enumeration: specificity = 0.8
        default: specificity = 0
        }
        return f.confidence + specificity * 0.004
    }

    func fallback(_ occurrences: [FieldOccurrence], best: SemanticFinding?) -> SemanticFinding {
        let length = occurrences.first?.length ?? 0
        let hint = best.map { ", best guess \($0.kind.rawValue) \(Int(($0.confidence * 100).rounded()))%" } ?? ""
        if [1, 2, 4, 8].contains(length) {
            return SemanticFinding(kind: .integer, confidence: 0.3, note: "no detector is sure\(hint)")
        }
        return SemanticFinding(kind: .bytes, confidence: 0.3, note: "no detector is sure\(hint)")
    }
}
