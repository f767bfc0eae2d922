import CNCurses

/// Terminal column widths of Unicode scalars: 2 for wide East Asian characters and emoji, 0 for combining marks.
enum DisplayWidth {
    static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x7f { return v < 0x20 ? 0 : 1 }
        if v < 0x300 { return 1 }
        // Box drawing, blocks and geometric shapes are always one column.
        if v >= 0x2500 && v < 0x2600 { return 1 }
        let w = Int(cn_wcwidth(v))
        return w < 0 ? 1 : w
    }

    static func of(_ s: String) -> Int {
        var n = 0
        for u in s.unicodeScalars { n += of(u) }
        return n
    }
}
