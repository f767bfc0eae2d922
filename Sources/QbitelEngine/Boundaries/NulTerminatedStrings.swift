/// Printable strings closed by a NUL byte (C strings) inside binary messages: the text and its NUL are one field.
///
/// Column rules see such a string only where it happens to line up across a type's messages; names, paths and
/// parameter values of different lengths shift everything after them, so column edges fall inside the text and
/// just before the NUL. Read per message instead, the run of printable bytes that ends at a zero byte is unambiguous.
enum NulTerminatedStrings {
    /// Fewest printable bytes before the NUL: shorter runs occur by chance in numbers.
    static let minLength = 4
    /// Length from which a run counts as text without lower-case letters.
    static let longRun = 6
    /// Measured precision of the string's two edges on the shared captures' truth.
    static let confidence = 0.7

    /// Each string's range, from its first printable byte to just past its NUL.
    static func find(_ m: MessageBytes) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < m.count {
            guard ByteClass.isPrintable(m[i]) else { i += 1; continue }
            var j = i
            var letters = 0, lower = 0
            while j < m.count, ByteClass.isPrintable(m[j]) {
                if ByteClass.isAlphanumeric(m[j]) && m[j] > 0x39 { letters += 1 }
                if m[j] >= 0x61 && m[j] <= 0x7A { lower += 1 }
                j += 1
            }
            // A short run of capitals before a zero is as often a magic number and a type byte ("SMBr") as text.
            if j < m.count, m[j] == 0, j - i >= minLength, letters >= 2, lower >= 2 || j - i >= longRun {
                out.append(i..<(j + 1))
            }
            i = j + 1
        }
        return out
    }

    /// `evidence` with no edge inside a string and both of each string's edges added.
    static func apply(_ evidence: [BoundaryEvidence], _ m: MessageBytes) -> [BoundaryEvidence] {
        BoundaryEvidence.pinning(evidence, ranges: find(m), confidence: confidence, rule: "NUL-terminated string")
    }
}
