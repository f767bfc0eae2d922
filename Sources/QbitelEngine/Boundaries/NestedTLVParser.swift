/// Reads a message as a tree of tag-length-value items whose constructed items hold further items (the shape of
/// ASN.1 BER/DER and its many relatives): every tag, length and value is a field.
///
/// The whole message must tile exactly, item after item, down to primitive values, with at least one constructed
/// item that holds several: random or column-structured bytes almost never do, so a message that parses this way is
/// strong evidence. Column rules cannot see such messages, since every variable-length value shifts what follows.
enum NestedTLVParser {
    /// Deepest nesting read.
    static let maxDepth = 24
    /// Fewest items a message must hold.
    static let minItems = 4
    /// Share of a type's sampled messages that must parse before the type is read this way.
    static let minParseRate = 0.8
    /// Measured precision of the parsed edges on dissector truth.
    static let confidence = 0.9

    /// Inner edges of `m` read as nested items, or nil when it does not parse as a whole.
    static func boundaries(_ m: MessageBytes) -> [Int]? {
        read(m)?.edges.filter { $0 > 0 && $0 < m.count }
    }

    /// Offsets of the length octets of `m`'s items, or nil when it does not parse as a whole: bytes that follow
    /// the sizes of the values, not the message's type.
    static func lengthOctets(_ m: MessageBytes) -> [Int]? {
        read(m)?.lengths.flatMap { Array($0) }
    }

    private static func read(_ m: MessageBytes) -> (edges: [Int], lengths: [Range<Int>])? {
        var edges: [Int] = [], lengths: [Range<Int>] = []
        var items = 0, nested = false
        guard m.count >= 2, parse(m, 0, m.count, depth: 0, &edges, &lengths, &items, &nested), items >= minItems,
              nested else { return nil }
        return (edges, lengths)
    }

    /// Items tiling `[start, end)` exactly.
    private static func parse(_ m: MessageBytes, _ start: Int, _ end: Int, depth: Int, _ edges: inout [Int],
                              _ lengths: inout [Range<Int>], _ items: inout Int, _ nested: inout Bool) -> Bool {
        guard depth < maxDepth else { return false }
        var p = start
        while p < end {
            let tag = m[p]
            // Multi-byte tags and the end-of-contents marker are not read.
            guard tag & 0x1F != 0x1F, tag != 0, p + 1 < end else { return false }
            var v = p + 2
            var length = Int(m[p + 1])
            if length >= 0x80 {
                let n = length & 0x7F
                guard n >= 1, n <= 2, p + 1 + n < end else { return false }
                length = 0
                for k in 0..<n { length = length << 8 | Int(m[p + 2 + k]) }
                // A long form where the short one would do is not what an encoder writes.
                guard length >= 0x80 || n > 1 else { return false }
                v = p + 2 + n
            }
            guard length <= end - v else { return false }
            edges += [p, p + 1, v]
            lengths.append((p + 1)..<v)
            items += 1
            if tag & 0x20 != 0 && length > 0 {
                let before = items
                guard parse(m, v, v + length, depth: depth + 1, &edges, &lengths, &items, &nested) else { return false }
                if items - before >= 2 { nested = true }
            }
            p = v + length
            edges.append(p)
        }
        return p == end
    }
}
