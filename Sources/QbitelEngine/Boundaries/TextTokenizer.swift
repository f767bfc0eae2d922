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

    /// Confidence of the edges of a line's leading timestamp and the header words after it.
    static let headerConfidence = 0.55

    /// Edges of a timestamp that opens the rest of a line (after its key token), optionally behind a short number (a
    /// version): the number, the timestamp and the space after each are fields; behind a version the timestamp may be
    /// `-` and the next four words are fields too. When exactly two words follow, the
    /// second ending at `:` or `[` (a source and a program name before the free text), those words are fields too.
    /// A timestamp inside free text is not a header and is left alone.
    static func timestampHeader(_ m: MessageBytes, from start: Int, to end: Int) -> [BoundaryEvidence] {
        var out: [BoundaryEvidence] = []
        func edge(_ k: Int) { out.append(BoundaryEvidence(offset: k, confidence: headerConfidence, rule: "text header")) }
        var t = start
        var d = start
        var versioned = false
        func isNil(_ k: Int) -> Bool { k + 1 < end && m[k] == UInt8(ascii: "-") && m[k + 1] == 0x20 }
        while d < end, d - start < 3, isDigit(m[d]) { d += 1 }
        if d > start, d + 1 < end, m[d] == 0x20, timestampEnd(m, from: d + 1, to: end) != nil || isNil(d + 1) {
            edge(d); edge(d + 1); t = d + 1; versioned = true
        }
        guard let e = versioned && isNil(t) ? t + 1 : timestampEnd(m, from: t, to: end), e + 1 < end, m[e] == 0x20 else {
            return t > start ? out : []
        }
        edge(e)
        edge(e + 1)
        // Behind a version the header has a fixed shape: four words (host, application, process, message id), each
        // `-` when absent, before the rest.
        if versioned {
            var k = e + 1
            for _ in 0..<4 {
                var w = k
                while w < end, m[w] != 0x20 { w += 1 }
                guard w > k, w + 1 < end else { break }
                edge(w)
                edge(w + 1)
                k = w + 1
            }
            return out
        }
        // Two header words: `word SP word` then `:` or `[`.
        var words: [Range<Int>] = []
        var k = e + 1
        while words.count < 2 {
            var w = k
            while w < end, m[w] != 0x20, m[w] != UInt8(ascii: ":"), m[w] != UInt8(ascii: "[") { w += 1 }
            guard w > k, w < end else { return out }
            words.append(k..<w)
            if words.count == 1 {
                guard m[w] == 0x20 else { return out }
                k = w + 1
            } else if m[w] != UInt8(ascii: ":") && m[w] != UInt8(ascii: "[") {
                return out
            }
        }
        edge(words[0].upperBound)
        edge(words[1].lowerBound)
        edge(words[1].upperBound)
        return out
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// End of a timestamp written as text at `i`: `Mmm dd hh:mm:ss` (day space-padded) or ISO 8601
    /// `yyyy-mm-dd[T ]hh:mm:ss`, either with optional fractional seconds, ISO also with `Z` or a `±hh:mm` offset.
    static func timestampEnd(_ m: MessageBytes, from i: Int, to end: Int) -> Int? {
        func digit(_ k: Int) -> Bool { k < end && isDigit(m[k]) }
        func byte(_ k: Int, _ c: Unicode.Scalar) -> Bool { k < end && m[k] == UInt8(ascii: c) }
        func clock(_ k: Int) -> Int? {
            guard digit(k), digit(k + 1), byte(k + 2, ":"), digit(k + 3), digit(k + 4), byte(k + 5, ":"),
                  digit(k + 6), digit(k + 7) else { return nil }
            var e = k + 8
            if byte(e, "."), digit(e + 1) { e += 1; while digit(e) { e += 1 } }
            return e
        }
        func upper(_ k: Int) -> Bool { k < end && m[k] >= 0x41 && m[k] <= 0x5A }
        func lower(_ k: Int) -> Bool { k < end && m[k] >= 0x61 && m[k] <= 0x7A }
        if upper(i), lower(i + 1), lower(i + 2), byte(i + 3, " "), byte(i + 4, " ") || digit(i + 4), digit(i + 5),
           byte(i + 6, " ") {
            return clock(i + 7)
        }
        guard digit(i), digit(i + 1), digit(i + 2), digit(i + 3), byte(i + 4, "-"), digit(i + 5), digit(i + 6),
              byte(i + 7, "-"), digit(i + 8), digit(i + 9), byte(i + 10, "T") || byte(i + 10, " "),
              var e = clock(i + 11) else { return nil }
        if byte(e, "Z") {
            e += 1
        } else if byte(e, "+") || byte(e, "-"), digit(e + 1), digit(e + 2), byte(e + 3, ":"), digit(e + 4), digit(e + 5) {
            e += 6
        }
        return e
    }

    /// Edges of a request or status line, `METHOD target NAME/1.0` or `NAME/1.0 code phrase`: the words are fields
    /// (each space too) up to the free-text phrase, or nil when the line has no version word first or last. A version
    /// word (capitals, `/`, digits and dots) is what sets such a line apart from a command and its free-text argument.
    static func startLineWords(_ m: MessageBytes, from start: Int, to end: Int) -> [Int]? {
        var spaces: [Int] = []
        for k in start..<end where m[k] == 0x20 {
            guard spaces.last.map({ $0 + 1 < k }) ?? (k > start) else { return nil }   // one space between words
            spaces.append(k)
            if spaces.count > 16 { break }
        }
        guard spaces.count >= 2, let last = spaces.last, last + 1 < end else { return nil }
        if isVersionWord(m, from: start, to: spaces[0]) {
            return [spaces[0], spaces[0] + 1, spaces[1], spaces[1] + 1]
        }
        if spaces.count == 2, isVersionWord(m, from: last + 1, to: end) {
            return [spaces[0], spaces[0] + 1, last, last + 1]
        }
        return nil
    }

    /// Edges between the arguments of a command line (`set key 0 60 5`, `STAT pid 42`): one word after the key
    /// token, then 1–4 numbers, single spaces between them. Numbers after a name mark an argument list rather than
    /// free text, whose words are not fields.
    static func argumentWords(_ m: MessageBytes, from start: Int, to end: Int) -> [Int]? {
        var spaces: [Int] = []
        for k in start..<end where m[k] == 0x20 {
            guard spaces.last.map({ $0 + 1 < k }) ?? (k > start) else { return nil }
            spaces.append(k)
            if spaces.count > 4 { return nil }
        }
        guard let first = spaces.first, let last = spaces.last, last + 1 < end else { return nil }
        for k in (first + 1)..<end where m[k] != 0x20 && !isDigit(m[k]) { return nil }
        return spaces.flatMap { [$0, $0 + 1] }
    }

    /// `Name: value`: a name of letters, digits and hyphens starting with a letter, a colon, a space.
    static func isHeaderLine(_ m: MessageBytes, from start: Int, to end: Int) -> Bool {
        var k = start
        guard k < end, (m[k] | 0x20) >= 0x61 && (m[k] | 0x20) <= 0x7A else { return false }
        while k < end, k - start < 64, ByteClass.isAlphanumeric(m[k]) || m[k] == UInt8(ascii: "-") { k += 1 }
        return k + 1 < end && m[k] == UInt8(ascii: ":") && m[k + 1] == 0x20
    }

    /// True when a line holds the marks of a structured value: an address in angle brackets, a `user@host`, or
    /// `;`-separated parameters.
    static func hasStructuredValue(_ m: MessageBytes, from start: Int, to end: Int) -> Bool {
        for k in start..<end where m[k] == UInt8(ascii: "<") || m[k] == UInt8(ascii: "@") || m[k] == UInt8(ascii: ";") {
            return true
        }
        return false
    }

    /// Bytes that make up a word of a structured value: a name, a host, a number, a version.
    static func isValueWordByte(_ b: UInt8) -> Bool {
        ByteClass.isAlphanumeric(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "!")
            || b == UInt8(ascii: "~") || b == UInt8(ascii: "*") || b == UInt8(ascii: "'") || b == UInt8(ascii: "%")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
    }

    /// Edges of a structured header value (after `Name: `): each word and each run of delimiters between words is a
    /// piece, a URI scheme keeps its colon (`sip:`), and a parameter name stays with the `;` before it up to its `=`
    /// (`;tag=`), as addresses and parameters are written.
    static func structuredValueEdges(_ m: MessageBytes, from start: Int, to end: Int) -> [Int] {
        var k = start
        while k + 1 < end, !(m[k] == UInt8(ascii: ":") && m[k + 1] == 0x20) { k += 1 }
        k += 2
        guard k < end else { return [] }
        var out = [k]
        while k < end {
            var j = k
            if isValueWordByte(m[k]) {
                while j < end, isValueWordByte(m[j]) { j += 1 }
                if j + 1 < end, m[j] == UInt8(ascii: ":"), !isDigit(m[j + 1]) { j += 1 }
            } else {
                while j < end, !isValueWordByte(m[j]) { j += 1 }
                if m[j - 1] == UInt8(ascii: ";") {
                    var e = j
                    while e < end, ByteClass.isAlphanumeric(m[e]) || m[e] == UInt8(ascii: "_") || m[e] == UInt8(ascii: "-") { e += 1 }
                    if e < end, e > j, m[e] == UInt8(ascii: "=") { j = e + 1 }
                }
            }
            if j < end { out.append(j) }
            k = j
        }
        return out
    }

    /// `NAME/d.d`: 1–8 capital letters, a slash, then digits with at least one dot between them.
    static func isVersionWord(_ m: MessageBytes, from start: Int, to end: Int) -> Bool {
        var k = start
        while k < end, k - start < 8, m[k] >= 0x41 && m[k] <= 0x5A { k += 1 }
        guard k > start, k < end, m[k] == UInt8(ascii: "/") else { return false }
        k += 1
        var digits = 0, dots = 0
        while k < end {
            if isDigit(m[k]) { digits += 1 } else if m[k] == UInt8(ascii: "."), digits > 0, k + 1 < end, isDigit(m[k + 1]) { dots += 1 } else { return false }
            k += 1
        }
        return digits >= 2 && dots >= 1
    }

    /// Inner boundaries of one text message.
    static func boundaries(_ m: MessageBytes) -> [BoundaryEvidence] {
        var out: [BoundaryEvidence] = []
        let n = m.count
        var lineStart = 0
        var headerLines = 0
        while lineStart < n {
            // Lines end at CR LF, the line end of network text protocols; a bare LF is part of the content (a
            // multi-line log text, a trailing newline of a record).
            var eol = lineStart
            while eol < n, !(m[eol] == 0x0A && eol > lineStart && m[eol - 1] == 0x0D) { eol += 1 }
            let next = min(eol + 1, n)
            var contentEnd = eol
            if eol < n { contentEnd -= 1 }
            if contentEnd > lineStart, let words = startLineWords(m, from: lineStart, to: contentEnd) {
                for w in words { out.append(BoundaryEvidence(offset: w, confidence: 0.9, rule: "text start line")) }
            } else if contentEnd > lineStart {
                // Leading key token.
                var tokenEnd = -1
                if m[lineStart] == UInt8(ascii: "<") {
                    var k = lineStart + 1
                    while k < min(contentEnd, lineStart + 8), m[k] != UInt8(ascii: ">") { k += 1 }
                    if k < contentEnd, m[k] == UInt8(ascii: ">") { tokenEnd = k + 1 }
                } else {
                    var k = lineStart
                    while k < contentEnd, k - lineStart < maxTokenLength, ByteClass.isAlphanumeric(m[k]) { k += 1 }
                    // A `-` ends only a numeric key: the status code of a continued multi-line reply, not a word
                    // of a hyphenated header name.
                    if k > lineStart, k < contentEnd,
                       m[k] == 0x20 || (m[k] == UInt8(ascii: "-") && (lineStart..<k).allSatisfy { isDigit(m[$0]) }) {
                        tokenEnd = k
                    }
                }
                if tokenEnd > lineStart, tokenEnd < contentEnd {
                    out.append(BoundaryEvidence(offset: tokenEnd, confidence: 0.9, rule: "text token"))
                    var s = tokenEnd
                    if m[tokenEnd] == 0x20 || m[tokenEnd] == UInt8(ascii: "-") {
                        while s < contentEnd, m[s] == 0x20 || m[s] == UInt8(ascii: "-") { s += 1 }
                        if s < contentEnd { out.append(BoundaryEvidence(offset: s, confidence: 0.85, rule: "text separator")) }
                    }
                    if m[lineStart] != UInt8(ascii: "<"), m[tokenEnd] == 0x20, let words = argumentWords(m, from: s, to: contentEnd) {
                        for w in words { out.append(BoundaryEvidence(offset: w, confidence: 0.85, rule: "text argument")) }
                    } else {
                        out += timestampHeader(m, from: s, to: contentEnd)
                    }
                }
            }
            // A `Name: value` header line whose value is plain (a word, a number, free text) is one field with its
            // line end; a structured value (addresses, parameters) and a line of its own kind (a command, a request
            // line, a reply) keep the line end apart.
            let isHeader = contentEnd > lineStart && isHeaderLine(m, from: lineStart, to: contentEnd)
            if isHeader { headerLines += 1 }
            let plainHeader = isHeader && !hasStructuredValue(m, from: lineStart, to: contentEnd)
            if isHeader && !plainHeader {
                for k in structuredValueEdges(m, from: lineStart, to: contentEnd) {
                    out.append(BoundaryEvidence(offset: k, confidence: 0.6, rule: "text value token"))
                }
            }
            if contentEnd > lineStart && contentEnd < next && !plainHeader {
                out.append(BoundaryEvidence(offset: contentEnd, confidence: 0.55, rule: "line terminator"))
            }
            if next < n { out.append(BoundaryEvidence(offset: next, confidence: 0.55, rule: "line start")) }
            // The blank line after header lines starts the body: one field to the end.
            if contentEnd == lineStart && eol < n && headerLines > 0 { break }
            lineStart = next
        }
        return out.filter { $0.offset > 0 && $0.offset < n }
    }
}
