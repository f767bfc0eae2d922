/// Length-prefixed strings: a 1- or 2-byte count followed by exactly that many printable bytes.
public enum LengthPrefixedStringDetector {
    /// Judges a field that spans prefix and text: its prefix must equal the rest of the field in most messages.
    public static func detect(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        var best: SemanticFinding? = nil
        for (size, be) in [(1, true), (2, true), (2, false)] {
            var considered = 0, hits = 0
            var lengths = Set<Int>()
            var wordy = 0.0
            for o in occurrences where o.isValid && o.length > size {
                considered += 1
                let p = o.message.payload
                let n = size == 1 ? Int(p[o.offset]) : Int(p.u16(o.offset, bigEndian: be))
                guard n == o.length - size, n > 0,
                      TextScanner.printablePrefix(p, from: o.offset + size, to: o.end) == n else { continue }
                hits += 1
                lengths.insert(n)
                wordy += TextScanner.wordiness(p, from: o.offset + size, to: o.end)
            }
            guard considered > 0, hits > 0 else { continue }
            let rate = Double(hits) / Double(considered)
            let meanWordy = wordy / Double(hits)
            var conf = rate * rate * (0.6 + 0.4 * meanWordy) * ConfidenceMath.evidence(Double(lengths.count), half: 0.4)
            if lengths.count == 1 { conf *= 0.8 }
            let f = SemanticFinding(kind: .lengthPrefixedString, confidence: conf,
                                    endianness: size > 1 ? (be ? .big : .little) : nil,
                                    note: "u\(size * 8)\(size > 1 ? (be ? "be" : "le") : "") length then text (\(ConfidenceMath.percent(rate)) of \(considered), \(lengths.count) lengths)")
            if best == nil || f.confidence > best!.confidence { best = f }
        }
        return best
    }

    /// Length-prefixed strings starting exactly at `offset`: every prefix size and byte order whose count is followed
    /// by that many printable bytes (at least `minText`). Boundary inference uses the ends to pin fields.
    public static func strings(in payload: ByteSlice, at offset: Int, minText: Int = 2) -> [LengthPrefixedString] {
        var out: [LengthPrefixedString] = []
        guard offset >= 0 else { return [] }
        for (size, be) in [(1, true), (2, true), (2, false)] where offset + size <= payload.count {
            let n = size == 1 ? Int(payload[offset]) : Int(payload.u16(offset, bigEndian: be))
            let start = offset + size
            guard n >= minText, start + n <= payload.count,
                  TextScanner.printablePrefix(payload, from: start, to: start + n) == n else { continue }
            // A printable byte just after the text means the count does not mark the text's end.
            if start + n < payload.count && TextScanner.isPrintableASCII(payload[start + n]) && n < 4 { continue }
            out.append(LengthPrefixedString(offset: offset, prefixSize: size, endianness: be ? .big : .little, textLength: n))
        }
        return out
    }

    /// All length-prefixed strings of at least `minText` bytes in a message, left to right, not overlapping.
    public static func scan(_ payload: ByteSlice, minText: Int = 3) -> [LengthPrefixedString] {
        var out: [LengthPrefixedString] = []
        var i = 0
        while i < payload.count {
            if let s = strings(in: payload, at: i, minText: minText).max(by: { $0.textLength < $1.textLength }) {
                out.append(s)
                i = s.end
            } else {
                i += 1
            }
        }
        return out
    }
}
