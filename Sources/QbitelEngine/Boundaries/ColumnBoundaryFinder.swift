import Foundation

/// Finds the field boundaries of one message type from its position-aligned byte columns.
///
/// A boundary is proposed where column behaviour changes: constant ↔ variable, a step in entropy between variable
/// columns, the edge of a printable run; a detected length field pins both of its ends and nothing is placed inside
/// it. Each rule's confidence is the precision that rule showed against dissector truth, so the confidence is a
/// measured figure rather than a guess.
struct ColumnBoundaryFinder {
    var maxWidth = 1024
    var sampleSize = 4096
    /// Fewer messages than this give no column evidence.
    var minMessages = 3
    /// Entropy in bits under which a variable column counts as low-entropy (a few values: flags, enums, high bytes).
    static let lowEntropy = 2.0

    struct Layout {
        var boundaries: [BoundaryEvidence]
        var columns: [ColumnStatistics]
        var lengthFields: [LengthFieldDetector.Found]
        /// Boundaries counted back from the message end (`offset` is the distance from the last byte's end): the
        /// fields after a variable-length part line up on the end, not on the start.
        var endBoundaries: [BoundaryEvidence] = []
        /// Length of the type's shortest sampled message: every start-aligned column before it holds every message.
        var shortest = 0

        /// The boundaries of one message of `count` bytes. Where the type's end-aligned columns show fields, the
        /// start-aligned column edges past the shortest message (columns that mix bytes a variable part has shifted)
        /// give way to them, unless a strong rule (a length field) pinned them; the end-aligned edges are placed
        /// counted back from this message's end.
        func evidence(count: Int) -> [BoundaryEvidence] {
            guard !endBoundaries.isEmpty else { return boundaries.filter { $0.offset < count } }
            var out = boundaries.filter {
                $0.offset < count && ($0.offset < shortest || $0.confidence >= ColumnBoundaryFinder.pinnedConfidence)
            }
            for e in endBoundaries where e.offset < count {
                out.append(BoundaryEvidence(offset: count - e.offset, confidence: e.confidence, rule: e.rule))
            }
            return out
        }
    }

    /// `context` holds the capture-wide start-aligned columns: inside a run the type has constant, a change of
    /// behaviour across the whole capture (a type key next to a magic number) still marks a field edge.
    func layout(_ msgs: [MessageBytes], _ members: [Int], context: [ColumnStatistics] = []) -> Layout {
        let sample = KeyFieldClusterer.sample(members, size: sampleSize)
        var maxLen = 0
        for i in sample { maxLen = max(maxLen, msgs[i].count) }
        var acc = ColumnAccumulator(width: min(maxLen, maxWidth))
        for i in sample { acc.add(UnsafeRawBufferPointer(msgs[i].buffer)) }
        let columns = acc.columns()
        let lengthFields = LengthFieldDetector().find(msgs, sample)
        guard sample.count >= minMessages else { return Layout(boundaries: [], columns: columns, lengthFields: lengthFields) }
        let minCount = max(minMessages, sample.count / 4)
        let ends = Self.endProposals(msgs, sample, minCount: minCount)
        var found = Self.proposals(columns, context: context, minCount: minCount)
        func propose(_ off: Int, _ conf: Double, _ rule: String) {
            if let e = found[off], e.confidence >= conf { return }
            found[off] = BoundaryEvidence(offset: off, confidence: conf, rule: rule)
        }
        // A type of a few messages shows few changes in its own columns; the fields it shares with the rest of the
        // capture (a common header) show in the capture-wide columns, where enough messages reach them.
        if sample.count < Self.smallType, let shortest = sample.map({ msgs[$0].count }).min() {
            let reach = max(minMessages, (context.first?.count ?? 0) / 2)
            let shared = Array(context.prefix { $0.count >= reach }.prefix(shortest))
            // Only the constant ↔ variable and constant value edges: entropy steps over a mix of types are noise.
            for (k, e) in Self.proposals(shared, context: [], minCount: reach) where found[k] == nil && e.confidence >= 0.6 {
                propose(k, min(e.confidence, 0.5), "capture columns")
            }
        }
        // A run of zero columns right after a 2- or 4-byte field, starting at that width's alignment, is read as
        // more fields of the same width (unused counts, reserved words), not one long blank.
        for k in Self.zeroRunGrid(columns, boundaries: Set(found.keys), minCount: minCount) {
            propose(k, 0.5, "zero run grid")
        }
        // A number wider than a byte (a timestamp, a counter, an address) changes least in its most significant
        // bytes: inside an aligned 4- or 8-byte window whose columns grow steadily busier from a nearly fixed end to
        // a busy end, the steps in behaviour are the number's own byte significance, not field edges.
        for k in found.keys where Self.insideSignificanceOrderedInteger(k, columns, messages: sample.count) {
            found[k] = nil
        }
        for f in lengthFields {
            for k in (f.offset + 1)..<(f.offset + f.width) { found[k] = nil }
            if f.offset > 0 { propose(f.offset, 0.95, "length field") }
            propose(f.offset + f.width, 0.95, "length field")
        }
        return Layout(boundaries: found.values.sorted { $0.offset < $1.offset }, columns: columns, lengthFields: lengthFields,
                      endBoundaries: ends.boundaries, shortest: ends.shortest)
    }

    /// End-aligned columns looked at: the last bytes of a message, as many as the shortest one has, rounded down to a
    /// whole number of 32-bit words so that natural alignment counts from the end.
    static let endWidth = 32

    /// Confidence of a boundary the end-aligned columns propose.
    static let endConfidence = 0.5

    /// End-aligned edges are kept only from rules at least this sure (constant ↔ variable, constant value change).
    static let endRuleMinConfidence = 0.6

    /// Start-aligned boundaries at least this sure (length fields) stay even where end-aligned edges take over.
    static let pinnedConfidence = 0.9

    /// Boundaries of the type's end-aligned columns, as distances from the message end, when its messages differ in
    /// length (with one length the end-aligned columns are the start-aligned ones). Only the constant ↔ variable and
    /// constant value edges are kept: entropy steps over the tail of messages whose middle varies are noise.
    static func endProposals(_ msgs: [MessageBytes], _ sample: [Int], minCount: Int) -> (boundaries: [BoundaryEvidence], shortest: Int) {
        var shortest = Int.max, longest = 0
        for i in sample { shortest = min(shortest, msgs[i].count); longest = max(longest, msgs[i].count) }
        guard shortest < longest else { return ([], shortest == Int.max ? 0 : shortest) }
        let width = min(shortest, endWidth) / 4 * 4
        guard width >= 4 else { return ([], shortest) }
        var acc = ColumnAccumulator(width: width, fromEnd: true)
        for i in sample { acc.add(UnsafeRawBufferPointer(msgs[i].buffer)) }
        // Reversed, the end columns read as start-aligned columns of the last `width` bytes.
        let tail = Array(acc.columns().reversed())
        guard tail.count == width else { return ([], shortest) }
        var out: [BoundaryEvidence] = []
        for (j, e) in proposals(tail, context: [], minCount: minCount) where e.confidence >= endRuleMinConfidence {
            out.append(BoundaryEvidence(offset: width - j, confidence: endConfidence, rule: "end-aligned " + e.rule))
        }
        return (out.sorted { $0.offset > $1.offset }, shortest)
    }

    /// Messages a column pair must hold before its entropy and printable share count as evidence.
    static let minMeasuredCount = 8

    /// Types with fewer messages than this also read the capture-wide columns of their common prefix.
    static let smallType = 12

    /// Boundaries proposed by the column rules alone over `columns`; `context` holds the capture-wide columns.
    static func proposals(_ columns: [ColumnStatistics], context: [ColumnStatistics], minCount: Int) -> [Int: BoundaryEvidence] {
        var found: [Int: BoundaryEvidence] = [:]
        func propose(_ off: Int, _ conf: Double, _ rule: String) {
            if let e = found[off], e.confidence >= conf { return }
            found[off] = BoundaryEvidence(offset: off, confidence: conf, rule: rule)
        }
        func isZeroConstant(_ c: ColumnStatistics) -> Bool { c.isConstant && c.mode == 0 }
        // An integer whose high bytes are unused: zero columns next to variable ones inside one aligned 2- or 4-byte
        // window, in either byte order. No boundary goes inside such a window.
        func insideZeroPaddedInteger(_ j: Int, _ columns: [ColumnStatistics]) -> Bool {
            for w in [2, 4] where j % w != 0 {
                let start = j - j % w
                guard start + w <= columns.count else { continue }
                let win = columns[start..<(start + w)]
                let zeros = win.map(isZeroConstant)
                guard zeros.contains(true), zeros.contains(false) else { continue }
                // zeros must be a prefix (big-endian) or a suffix (little-endian) and the rest variable
                let prefix = zeros.prefix { $0 }.count, suffix = zeros.reversed().prefix { $0 }.count
                let rest = win.enumerated().filter { !zeros[$0.offset] }.map(\.element)
                if rest.allSatisfy({ !$0.isConstant }) && (prefix + rest.count == w || suffix + rest.count == w) { return true }
            }
            return false
        }
        // Numeric fields sit at natural alignment: a low-entropy column (flags, small enums, high bytes of counts)
        // at a 4-byte boundary, or where the entropy class changes at a 2-byte boundary, starts a new field.
        func isAlignedLowEntropyEdge(_ j: Int, _ a: ColumnStatistics, _ b: ColumnStatistics) -> Bool {
            let aLow = a.entropy < Self.lowEntropy, bLow = b.entropy < Self.lowEntropy
            if j % 4 == 0 { return aLow || bLow }
            return j % 2 == 0 && aLow != bLow
        }
        // Bytes constant across the whole capture are a magic number more often than a run of small fields: split
        // them only at a zero edge, or after a whole aligned 32-bit word when the run starts 4-byte aligned.
        func insideCaptureConstant(_ j: Int, _ a: ColumnStatistics, _ b: ColumnStatistics) -> Bool {
            guard j < context.count, context[j - 1].isConstant, context[j].isConstant else { return false }
            if a.mode == 0 || b.mode == 0 { return false }
            var runStart = j - 1
            while runStart > 0, context[runStart - 1].isConstant { runStart -= 1 }
            return !(j % 4 == 0 && runStart % 4 == 0 && j - runStart >= 4)
        }
        // Without any variable column (identical messages) nothing tells the fields of a constant run apart.
        let hasVariation = columns.contains { !$0.isConstant }
        // A run of at least four printable columns, fixed or varying, is a string (a name, a keyword) whose letters
        // happen to be fixed or not: one token.
        func insideText(_ j: Int) -> Bool {
            func isText(_ k: Int) -> Bool {
                guard k >= 0 && k < columns.count else { return false }
                let c = columns[k]
                return c.printableRatio >= 0.95 && c.mode != 0x0A && c.mode != 0x0D
            }
            guard isText(j - 1), isText(j) else { return false }
            var lo = j - 1, hi = j
            while lo > 0, isText(lo - 1), j - lo < 4 { lo -= 1 }
            while isText(hi + 1), hi - lo < 3 { hi += 1 }
            return hi - lo + 1 >= 4
        }
        var j = 1
        while j < columns.count {
            let a = columns[j - 1], b = columns[j]
            if b.count < minCount { break }
            let aText = a.printableRatio >= 0.95 && !a.isConstant, bText = b.printableRatio >= 0.95 && !b.isConstant
            // Entropy and printable share of a handful of values are noise: a few long messages of random payload
            // would otherwise be cut everywhere.
            let measured = min(a.count, b.count) >= Self.minMeasuredCount
            if a.isConstant != b.isConstant {
                if insideText(j) {
                    // Fixed and varying letters of one string.
                } else if !insideZeroPaddedInteger(j, columns) {
                    propose(j, 0.65, "constant/variable")
                } else if isZeroConstant(b) && j % 4 == 2 && !aText {
                    // Zeros after a variable 16-bit half: small fields far more often than a zero-padded integer.
                    // (A zero byte before a busy one inside an aligned pair is the high byte of a big-endian count.)
                    propose(j, 0.55, "zero edge")
                }
            } else if hasVariation && a.isConstant && b.isConstant && a.mode != b.mode && !(a.mode == 0 && j % 2 == 1)
                        && !insideCaptureConstant(j, a, b) && !insideText(j) {
                // Neighbouring constants with different values are separate fields, unless a zero byte sits just
                // before the low byte of a big-endian 16-bit value.
                propose(j, 0.6, "constant value change")
            } else if !measured && !a.isConstant {
                // Nothing but constancy is read from so few messages.
            } else if !a.isConstant && !aText && !bText && isAlignedLowEntropyEdge(j, a, b) {
                propose(j, 0.5, "aligned low-entropy edge")
            } else if !a.isConstant && aText != bText {
                propose(j, 0.55, "printable run edge")
            } else if !a.isConstant && !aText && abs(a.entropy - b.entropy) >= 2.5 {
                if !insideZeroPaddedInteger(j, columns) { propose(j, 0.5, "entropy step") }
            } else if a.isConstant && b.isConstant && j < context.count {
                let ga = context[j - 1], gb = context[j]
                if (ga.isConstant != gb.isConstant || (!ga.isConstant && abs(ga.entropy - gb.entropy) >= 2.5))
                    && !insideZeroPaddedInteger(j, context) {
                    propose(j, 0.55, "capture column change")
                }
            }
            j += 1
        }
        return found
    }

    /// Longest zero run cut into fields: longer runs are padding or a reserved block.
    static let maxZeroRunGrid = 8

    /// Offsets that cut runs of zero columns into fields as wide as the field just before the run: the run starts at
    /// a boundary, the field before it is 2 or 4 bytes, the run starts at a multiple of that width and holds at least
    /// two such fields, and at most `maxZeroRunGrid` bytes.
    static func zeroRunGrid(_ columns: [ColumnStatistics], boundaries: Set<Int>, minCount: Int) -> [Int] {
        var out: [Int] = []
        var j = 1
        while j < columns.count {
            let c = columns[j]
            guard c.isConstant, c.mode == 0, c.count >= minCount, boundaries.contains(j) else { j += 1; continue }
            var end = j
            while end < columns.count, columns[end].isConstant, columns[end].mode == 0, columns[end].count >= minCount { end += 1 }
            var previous = j - 1
            while previous > 0, !boundaries.contains(previous) { previous -= 1 }
            let width = j - previous
            if width == 2 || width == 4, j % width == 0, end - j >= 2 * width, end - j <= maxZeroRunGrid {
                for k in stride(from: j + width, to: end - (end - j) % width, by: width) where !boundaries.contains(k) {
                    out.append(k)
                }
            }
            j = end
        }
        return out
    }

    /// True when offset `j` lies inside an aligned 8- or 4-byte window read as one unsigned integer in either byte
    /// order: its two most significant bytes (nearly) fixed in the type, a byte that moves through part of its range
    /// (the number's span), entropy never falling towards the least significant byte, and that byte the busiest.
    /// Text columns never count: letters are not a number's bytes.
    static func insideSignificanceOrderedInteger(_ j: Int, _ columns: [ColumnStatistics], messages: Int) -> Bool {
        for w in [8, 4] where j % w != 0 {
            let start = j - j % w
            guard start + w <= columns.count else { continue }
            let win = columns[start..<(start + w)]
            // Enough messages reach the window for its bytes' entropies to compare.
            let reach = win.map(\.count).min() ?? 0
            guard reach >= 8, 2 * reach >= messages else { continue }
            if win.contains(where: { $0.printableRatio >= 0.95 && !$0.isConstant }) { continue }
            let top = win.map(\.entropy).max() ?? 0
            for order in [Array(win), Array(win.reversed())] {
                guard order[0].entropy < 0.5, order[1].entropy < 0.5,
                      order[w - 1].entropy >= 3, order[w - 1].entropy >= top - 0.5 else { continue }
                // Fixed bytes followed by only busy ones are as often a constant field before a random one (or a
                // counter byte): the number shows a partly used byte between its fixed and its lowest byte, clearly
                // less busy than the lowest one (bytes of one address or id are all alike busy).
                let lowest = order[w - 1].entropy
                guard order[2..<(w - 1)].contains(where: { Self.isPartlyUsedRange($0) && $0.entropy <= lowest - 0.75 })
                else { continue }
                var steady = true
                for k in 1..<w where order[k].entropy < order[k - 1].entropy - 0.5 { steady = false; break }
                if steady { return true }
            }
        }
        return false
    }

    /// A byte of a number that moves through part of its range: at least 1 bit of entropy, at most a quarter of
    /// the byte values, and those one contiguous run (at most half the span unused), as a counter's or a clock's
    /// middle byte is; a few scattered flag values or a random byte are not.
    static func isPartlyUsedRange(_ c: ColumnStatistics) -> Bool {
        guard !c.isConstant, c.entropy >= 1, c.distinctValues <= 64,
              let lo = c.histogram.firstIndex(where: { $0 > 0 }),
              let hi = c.histogram.lastIndex(where: { $0 > 0 }) else { return false }
        return hi - lo + 1 <= 2 * c.distinctValues
    }
}
