/// Byte-level tests for text: printable ASCII and well-formed UTF-8, without building Strings.
enum TextScanner {
    /// Printable ASCII plus tab, CR and LF.
    @inline(__always) static func isPrintableASCII(_ b: UInt8) -> Bool {
        (b >= 0x20 && b < 0x7F) || b == 0x09 || b == 0x0A || b == 0x0D
    }

    /// Length of the printable UTF-8 text at the start of `bytes[from..<to]` (stops at the first control byte or
    /// malformed sequence).
    static func printablePrefix(_ bytes: ByteSlice, from: Int, to: Int) -> Int {
        var i = from
        while i < to {
            let b = bytes[i]
            if b < 0x80 {
                if !isPrintableASCII(b) { break }
                i += 1
                continue
            }
            let need: Int
            if b & 0xE0 == 0xC0 && b >= 0xC2 { need = 1 } else if b & 0xF0 == 0xE0 { need = 2 }
            else if b & 0xF8 == 0xF0 && b <= 0xF4 { need = 3 } else { break }
            guard i + need < to else { break }
            var ok = true
            for k in 1...need where bytes[i + k] & 0xC0 != 0x80 { ok = false; break }
            if !ok { break }
            i += need + 1
        }
        return i - from
    }

    /// True when `bytes[from..<to]` is printable text, optionally followed by NUL padding. Returns the text length.
    static func textLength(_ bytes: ByteSlice, from: Int, to: Int) -> (text: Int, nulPadded: Bool)? {
        var end = to
        while end > from && bytes[end - 1] == 0 { end -= 1 }
        guard end > from else { return nil }
        let n = printablePrefix(bytes, from: from, to: end)
        guard n == end - from else { return nil }
        return (n, end < to)
    }

    /// Share of letters, digits and spaces in a printable run: real text is mostly these, random printable bytes less.
    static func wordiness(_ bytes: ByteSlice, from: Int, to: Int) -> Double {
        guard to > from else { return 0 }
        var w = 0
        for i in from..<to {
            let b = bytes[i] | 0x20
            if (b >= 0x61 && b <= 0x7A) || (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == 0x20 || bytes[i] >= 0x80 { w += 1 }
        }
        return Double(w) / Double(to - from)
    }
}
