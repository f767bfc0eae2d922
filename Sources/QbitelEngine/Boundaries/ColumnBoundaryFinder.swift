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

    struct Layout {
        var boundaries: [BoundaryEvidence]
        var columns: [ColumnStatistics]
        var lengthFields: [LengthFieldDetector.Found]
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
        var j = 1
        while j < columns.count {
            let a = columns[j - 1], b = columns[j]
            if b.count < minCount { break }
            let aText = a.printableRatio >= 0.95 && !a.isConstant, bText = b.printableRatio >= 0.95 && !b.isConstant
            if a.isConstant != b.isConstant {
                if !insideZeroPaddedInteger(j, columns) { propose(j, 0.65, "constant/variable") }
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
        for f in lengthFields {
            for k in (f.offset + 1)..<(f.offset + f.width) { found[k] = nil }
            if f.offset > 0 { propose(f.offset, 0.95, "length field") }
            propose(f.offset + f.width, 0.95, "length field")
        }
        return Layout(boundaries: found.values.sorted { $0.offset < $1.offset }, columns: columns, lengthFields: lengthFields)
    }
}
