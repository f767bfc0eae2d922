/// A counter or sequence number: rises by small steps from one message to the next of the same flow and direction,
/// wrapping at its width.
///
/// Each step is a test: a random field of `w` bits lands in the small-step window with probability window/2^w, a
/// counter nearly always does. The confidence is the posterior of those tests (tempered, since steps are not
/// independent), which keeps random bytes low and rewards long runs.
public enum CounterDetector {
    /// A value seen in one flow group, for counting distinct values per group with one set.
    struct GroupValue: Hashable {
        var group: Int
        var value: UInt64
    }

    public static func detect(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        guard let size = occurrences.first?.length, [1, 2, 4, 8].contains(size),
              occurrences.allSatisfy({ $0.length == size && $0.isValid }) else { return nil }
        // Capture order, flow groups and the values are read once for the four scorings (not per scoring).
        let order = occurrences.indices.sorted { occurrences[$0].message.index < occurrences[$1].message.index }
        var groupOf = [Int](repeating: 0, count: order.count)
        var groupIDs: [Int: Int] = [:]
        for (t, k) in order.enumerated() {
            let m = occurrences[k].message
            let key = m.flowIndex &* 2 &+ (m.direction == .clientToServer ? 0 : 1)
            if let g = groupIDs[key] { groupOf[t] = g } else { groupOf[t] = groupIDs.count; groupIDs[key] = groupIDs.count }
        }
        var best: SemanticFinding? = nil
        for be in size == 1 ? [true] : [true, false] {
            let values = order.map { occurrences[$0].unsigned(bigEndian: be) }
            for perFlow in [true, false] {
                guard let f = score(values, groups: perFlow ? groupOf : nil, groupCount: groupIDs.count, size: size,
                                    bigEndian: be) else { continue }
                if best == nil || f.confidence > best!.confidence { best = f }
            }
        }
        return best
    }

    /// Scores `values` (in capture order) as a counter, per flow and direction when `groups` gives each value's
    /// group (dense ids below `groupCount`), else across the capture.
    static func score(_ values: [UInt64], groups: [Int]?, groupCount: Int, size: Int, bigEndian: Bool) -> SemanticFinding? {
        let perFlow = groups != nil
        let bits = size * 8
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        // Window of steps accepted as "the next value": wide enough for byte-counting sequence numbers.
        let window: UInt64 = size == 1 ? 8 : (size == 2 ? 64 : (size == 4 ? 1 << 20 : 1 << 32))
        let chance = Double(window) / Double(bits == 64 ? Double(UInt64.max) : Double(mask) + 1)
        let slots = perFlow ? Swift.max(groupCount, 1) : 1
        var last = [UInt64](repeating: 0, count: slots)
        var started = [Bool](repeating: false, count: slots)
        var pairs = 0, good = 0, still = 0
        var distinct = Set<UInt64>()
        // Distinct values per group, each capped at 4096: (group, value) pairs seen, counted per group.
        var seenInGroup = Set<GroupValue>()
        var distinctInGroup = [Int](repeating: 0, count: slots)
        var unitSteps = 0
        for (t, v) in values.enumerated() {
            if distinct.count < 4096 { distinct.insert(v) }
            let key = groups?[t] ?? 0
            if perFlow {
                if distinctInGroup[key] < 4096 && seenInGroup.insert(GroupValue(group: key, value: v)).inserted {
                    distinctInGroup[key] += 1
                }
            }
            if started[key] {
                let d = (v &- last[key]) & mask
                if d == 0 { still += 1 } else {
                    pairs += 1
                    if d <= window { good += 1; if d == 1 { unitSteps += 1 } }
                }
            }
            last[key] = v
            started[key] = true
        }
        // One group holds every value: its distinct count is the capture's.
        if !perFlow { distinctInGroup[0] = distinct.count }
        // A counter takes many values: about one per message until it wraps. Opcodes that wander do not.
        // Counted per flow: many flows may all count from 1.
        let groupDistinct = distinctInGroup.reduce(0, +)
        let expectedDistinct = Swift.min(Double(values.count) * 0.5, bits >= 32 ? .infinity : Double(mask) * 0.5)
        guard pairs >= 2, distinct.count >= 3, Double(groupDistinct) >= expectedDistinct else { return nil }
        let ln = ConfidenceMath.ln
        let bad = Double(pairs - good), goodNonUnit = Double(good - unitSteps), unit = Double(unitSteps)
        // Against random values: a step lands in the window by chance only.
        let q = 0.9
        let vsRandom = Double(good) * ln(q / chance) + bad * ln((1 - q) / (1 - chance))
        // Against a slowly drifting quantity (a delay, a level): it goes up about as often as down, rarely by exactly 1.
        // A counter either steps by 1 (unit model) or by varying amounts, but forward (stride model).
        let unitModel = unit * ln(0.85 / 0.05) + goodNonUnit * ln(0.1 / 0.45) + bad * ln(0.05 / 0.5)
        let strideModel = Double(good) * ln(0.95 / 0.5) + bad * ln(0.05 / 0.5)
        let vsDrift = Swift.max(unitModel, strideModel)
        let llr = 0.7 * Swift.min(vsRandom, vsDrift)
        // Standing still between many messages is unusual for a sequence number.
        let stillPenalty = Double(pairs) / Double(pairs + still)
        let prior = perFlow ? 0.1 : 0.05
        // Two or three steps cannot make anyone sure, whatever they look like.
        let fewSteps = Double(pairs) / Double(pairs + 1)
        let conf = ConfidenceMath.posterior(prior: prior, logLikelihoodRatio: llr) * Swift.min(1, stillPenalty * 1.2) * fewSteps
        let rate = Double(good) / Double(pairs)
        let e = size == 1 ? "u8" : "u\(bits)\(bigEndian ? "be" : "le")"
        let step = unitSteps * 2 >= good ? "steps of 1" : "small steps"
        return SemanticFinding(kind: .counter, confidence: conf, endianness: size > 1 ? (bigEndian ? .big : .little) : nil,
                               note: "\(e) rises by \(step) \(perFlow ? "within each flow and direction" : "across the capture") (\(ConfidenceMath.percent(rate)) of \(pairs) steps)")
    }
}
