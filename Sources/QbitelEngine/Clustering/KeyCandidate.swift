/// A candidate type-distinguishing field: some bits of the byte at a fixed offset, or the first text token.
struct KeyCandidate: Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable {
        case bits(position: Int, mask: UInt8)
        case firstToken
    }

    var kind: Kind

    /// Masks tried on each byte: the whole byte, nibbles and the common bit-field splits.
    static let masks: [UInt8] = [0xFF, 0xF0, 0x0F, 0x80, 0xC0, 0xE0, 0x07, 0x03, 0x01, 0x78, 0x3F, 0x1F]

    /// The key value of a message; messages too short to hold the field get `absent`.
    static let absent = -1

    func value(_ m: MessageBytes) -> Int {
        switch kind {
        case let .bits(p, mask):
            return p < m.count ? Int(m[p] & mask) : Self.absent
        case .firstToken:
            return TextTokenizer.firstTokenHash(m)
        }
    }

    /// The byte offset the key covers, if any (excluded from the evidence columns).
    var position: Int? {
        if case let .bits(p, _) = kind { return p }
        return nil
    }

    var description: String {
        switch kind {
        case let .bits(p, mask):
            return mask == 0xFF ? "byte \(p)" : "byte \(p) & 0x\(String(mask, radix: 16))"
        case .firstToken:
            return "first text token"
        }
    }
}
