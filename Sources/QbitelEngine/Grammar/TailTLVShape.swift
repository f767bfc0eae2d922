/// Tag-length-value chains: the widths that explain every tail exactly.
struct TailTLVShape {
    var tagWidth: Int
    var lengthWidth: Int
    var bigEndian: Bool

    /// Items in `s`, or -1 when `s` is not exactly such a chain.
    func count(_ s: ByteSlice) -> Int {
        var off = 0, n = 0
        while off < s.count {
            guard s.count - off >= tagWidth + lengthWidth else { return -1 }
            var len = 0
            for i in 0..<lengthWidth {
                let b = Int(s[off + tagWidth + (bigEndian ? i : lengthWidth - 1 - i)])
                len = len << 8 | b
            }
            off += tagWidth + lengthWidth + len
            n += 1
        }
        return off == s.count ? n : -1
    }

    static func detect(_ tails: [ByteSlice]) -> TailTLVShape? {
        let candidates = [TailTLVShape(tagWidth: 1, lengthWidth: 1, bigEndian: true), TailTLVShape(tagWidth: 1, lengthWidth: 2, bigEndian: true),
                          TailTLVShape(tagWidth: 2, lengthWidth: 2, bigEndian: true), TailTLVShape(tagWidth: 2, lengthWidth: 2, bigEndian: false),
                          TailTLVShape(tagWidth: 1, lengthWidth: 2, bigEndian: false)]
        let nonEmpty = tails.filter { $0.count > 0 }
        // A chain must be more than coincidence: several messages with two or more items.
        guard nonEmpty.count >= 3 else { return nil }
        for c in candidates {
            var multi = 0
            var ok = true
            for t in tails {
                let n = c.count(t)
                if n < 0 { ok = false; break }
                if n >= 2 { multi += 1 }
            }
            if ok && multi >= max(2, nonEmpty.count / 4) { return c }
        }
        return nil
    }
}

enum DelimiterScan {
    /// True when `s` ends with `d` and `d` occurs nowhere before.
    static func endsOnlyAtEnd(_ s: ByteSlice, _ d: [UInt8]) -> Bool {
        guard s.count >= d.count else { return false }
        let n = d.count
        for j in 0..<n where s[s.count - n + j] != d[j] { return false }
        var k = 0
        while k + n <= s.count - n {
            var m = true
            for j in 0..<n where s[k + j] != d[j] { m = false; break }
            if m { return false }
            k += 1
        }
        return true
    }
}

