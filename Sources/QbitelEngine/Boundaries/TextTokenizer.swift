/// Tokenises text messages on their delimiters: per CR LF line, a leading key token (command, status code or
/// `<tag>`), its separator, the rest of the line, and the line terminator.
///
/// Only these edges are reported: the words inside free text are not fields, and splitting them would trade
/// precision for nothing.
enum TextTokenizer {
    static let maxTokenLength = 32

    /// Range of the first alphanumeric token, skipping up to four leading punctuation bytes.
    static func firstTokenRange(_ m: MessageBytes) -> Range<Int>? {
        var i = 0
        while i < min(m.count, 4), !ByteClass.isAlphanumeric(m[i]) { i += 1 }
        guard i < m.count, ByteClass.isAlphanumeric(m[i]) else { return nil }
        var e = i
        while e < m.count, e - i < maxTokenLength, ByteClass.isAlphanumeric(m[e]) { e += 1 }
        return i..<e
    }

    static func firstToken(_ m: MessageBytes) -> String {
        guard let r = firstTokenRange(m) else { return "" }
        return String(decoding: UnsafeBufferPointer(rebasing: m.buffer[r]), as: UTF8.self)
    }

    /// A stable hash of the first token (FNV-1a), or -2 when the message has none.
    static func firstTokenHash(_ m: MessageBytes) -> Int {
        guard let r = firstTokenRange(m) else { return -2 }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in r { h = (h ^ UInt64(m[i])) &* 0x0000_0100_0000_01B3 }
        return Int(truncatingIfNeeded: h & 0x3FFF_FFFF_FFFF_FFFF)
    }

    /// True when a message is text: nearly all bytes printable.
    static func isText(_ m: MessageBytes) -> Bool {
        guard m.count > 0 else { return false }
        var p = 0
        for b in m.buffer where ByteClass.isPrintable(b) { p += 1 }
        return Double(p) >= 0.9 * Double(m.count)
    }

    /// Inner boundaries of one text message.
    static func boundaries(_ m: MessageBytes) -> [BoundaryEvidence] {
        var out: [BoundaryEvidence] = []
        let n = m.count
        var lineStart = 0
        while lineStart < n {
            // Lines end at CR LF, the line end of network text protocols; a bare LF is part of the content (a
            // multi-line log text, a trailing newline of a record).
            var eol = lineStart
            while eol < n, !(m[eol] == 0x0A && eol > lineStart && m[eol - 1] == 0x0D) { eol += 1 }
            let next = min(eol + 1, n)
            var contentEnd = eol
            if eol < n { contentEnd -= 1 }
            if contentEnd > lineStart {
                // Leading key token.
                var tokenEnd = -1
                if m[lineStart] == UInt8(ascii: "<") {
                    var k = lineStart + 1
                    while k < min(contentEnd, lineStart + 8), m[k] != UInt8(ascii: ">") { k += 1 }
                    if k < contentEnd, m[k] == UInt8(ascii: ">") { tokenEnd = k + 1 }
                } else {
                    var k = lineStart
                    while k < contentEnd, k - lineStart < maxTokenLength, ByteClass.isAlphanumeric(m[k]) { k += 1 }
                    if k > lineStart, k < contentEnd, m[k] == 0x20 || m[k] == UInt8(ascii: "-") { tokenEnd = k }
                }
                if tokenEnd > lineStart, tokenEnd < contentEnd {
                    out.append(BoundaryEvidence(offset: tokenEnd, confidence: 0.9, rule: "text token"))
                    if m[tokenEnd] == 0x20 || m[tokenEnd] == UInt8(ascii: "-") {
                        var s = tokenEnd
                        while s < contentEnd, m[s] == 0x20 || m[s] == UInt8(ascii: "-") { s += 1 }
                        if s < contentEnd { out.append(BoundaryEvidence(offset: s, confidence: 0.85, rule: "text separator")) }
                    }
                }
            }
            if contentEnd > lineStart && contentEnd < next {
                out.append(BoundaryEvidence(offset: contentEnd, confidence: 0.55, rule: "line terminator"))
            }
            if next < n { out.append(BoundaryEvidence(offset: next, confidence: 0.55, rule: "line start")) }
            lineStart = next
        }
        return out.filter { $0.offset > 0 && $0.offset < n }
    }
}
