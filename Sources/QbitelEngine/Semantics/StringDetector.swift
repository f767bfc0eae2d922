/// Text fields: printable ASCII or UTF-8, possibly NUL-terminated or NUL-padded.
///
/// One printable byte happens by chance more than a third of the time, so evidence grows with the length of the text
/// and the share of letters and digits in it.
public enum StringDetector {
    public static func detect(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        var textual = 0, considered = 0, padded = 0
        var totalText = 0
        var wordy = 0.0
        for o in occurrences where o.isValid {
            let p = o.message.payload
            var allNul = true
            for i in o.offset..<o.end where p[i] != 0 { allNul = false; break }
            if allNul { continue }
            considered += 1
            if let t = TextScanner.textLength(p, from: o.offset, to: o.end) {
                textual += 1
                totalText += t.text
                if t.nulPadded { padded += 1 }
                wordy += TextScanner.wordiness(p, from: o.offset, to: o.offset + t.text)
            }
        }
        guard considered > 0, textual > 0 else { return nil }
        let rate = Double(textual) / Double(considered)
        let meanLength = Double(totalText) / Double(textual)
        let meanWordy = wordy / Double(textual)
        // Chance that random bytes of this length are all printable: about 0.38^length.
        var chance = 1.0
        for _ in 0..<Swift.min(40, Int(meanLength.rounded())) { chance *= 0.38 }
        var conf = rate * rate * (1 - chance) * (0.55 + 0.45 * meanWordy)
        if meanLength < 2 { conf *= 0.5 }
        conf *= ConfidenceMath.evidence(Double(textual), half: 0.5)
        let nul = padded * 2 >= textual ? ", NUL-terminated" : ""
        return SemanticFinding(kind: .string, confidence: conf,
                               note: "printable text\(nul), mean \(Int(meanLength.rounded())) bytes (\(ConfidenceMath.percent(rate)) of \(considered))")
    }
}
