/// A field that holds the same bytes in every message of its type (a magic number, a version, reserved zeros).
public enum ConstantDetector {
    /// Confidence grows with the number of messages that agree: one message says nothing, a hundred say a lot.
    public static func detect(_ occurrences: [FieldOccurrence]) -> SemanticFinding? {
        let occurrences = occurrences.filter(\.isValid)
        guard let first = occurrences.first else { return nil }
        let value = first.bytes
        for o in occurrences.dropFirst() where o.bytes != value { return nil }
        let n = Double(occurrences.count)
        let confidence = n < 2 ? 0.25 : n / (n + 1)
        let shown = value.count <= 8 ? "0x" + value.hex : "0x" + value[0..<8].hex + "…"
        let zero = value.allSatisfy { $0 == 0 }
        return SemanticFinding(kind: .constant, confidence: confidence,
                               note: zero ? "always zero (\(occurrences.count) messages)"
                                          : "always \(shown) (\(occurrences.count) messages)")
    }
}
