import QbitelEngine

/// Offset, hex and ASCII columns with fields as coloured spans. Boundaries are always drawn as `│` marks in the gap
/// before a field's first byte, so they show in monochrome too; the selected field is underlined as well as coloured.
enum HexView {
    /// Rows of bytes that fit, leaving room for the inspector when the pane is tall enough.
    static func byteRows(paneHeight: Int) -> Int {
        let inner = paneHeight - 2
        return inner > HexGeometry.inspectorHeight + 3 ? inner - HexGeometry.inspectorHeight - 1 : max(1, inner)
    }

    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `fieldsOverride` draws other spans than the inferred fields (trainer mode shows boundaries found so far).
    static func draw(_ g: inout CellGrid, _ r: Rect, _ s: WorkbenchState, _ t: ResolvedTheme,
                     fieldsOverride: [DisplayField]? = nil) {
        let focused = s.focus == .hex
        let msg = s.selectedMessage.flatMap { s.message($0) }
        let detail = msg.map { "frame \($0.frame), \($0.length) bytes, cursor \(s.hexCursor)" } ?? ""
        PaneFrame.draw(&g, r, .hex, focused: focused, theme: t, detail: detail)
        let inner = r.inner
        guard inner.height > 0, inner.width > 12 else { return }
        g.fill(inner, 32, t[.text])
        guard let m = msg else { return }
        let geo = HexGeometry(innerWidth: inner.width)
        let fields = fieldsOverride ?? s.fields(of: m.index)
        // Per-byte field index for the visible window only.
        let rows = byteRows(paneHeight: r.height)
        let first = s.hexTop * geo.bytesPerRow
        let last = min(m.length, first + rows * geo.bytesPerRow)
        var owner = [Int](repeating: -1, count: max(0, last - first))
        for (k, f) in fields.enumerated() {
            let a = max(f.offset, first), b = min(f.end, last)
            if a < b { for o in a..<b { owner[o - first] = k } }
        }
        let sel = s.selectedField
        let payload = m.payload
        for row in 0..<rows {
            let off = first + row * geo.bytesPerRow
            if off >= m.length { break }
            let y = inner.y + row
            var offText = String(off, radix: 16)
            offText = String(repeating: "0", count: max(0, 6 - offText.count)) + offText
            g.text(offText, x: inner.x, y: y, style: t[.hexOffset], maxWidth: 6)
            for col in 0..<geo.bytesPerRow {
                let o = off + col
                if o >= m.length { break }
                let b = payload[o]
                let k = owner[o - first]
                var style = t[.text]
                if k >= 0 {
                    style = style.withForeground(t.color(for: fields[k].key.colorKey))
                    if k == sel { style = t[.selection].adding(.underline) }
                }
                if o == s.hexCursor { style = t[.cursor] }
                let hx = inner.x + geo.hexStart + col * 3
                g[hx, y] = Cell(UInt32(digits[Int(b >> 4)]), style)
                g[hx + 1, y] = Cell(UInt32(digits[Int(b & 15)]), style)
                // The gap before this byte: a boundary mark when a field starts here.
                if k >= 0, fields[k].offset == o {
                    g[hx - 1, y] = Cell(0x2502, t[.boundary])
                } else if k >= 0 && k == sel && o > off {
                    g[hx - 1, y] = Cell(32, style == t[.cursor] ? t[.selection] : style)
                }
                let ax = inner.x + geo.asciiStart + col
                g[ax, y] = Cell(b >= 0x20 && b < 0x7f ? UInt32(b) : 0xB7, style)
            }
        }
        // Inspector strip.
        let inspectorTop = inner.y + rows + 1
        if inspectorTop < inner.maxY {
            g.fill(Rect(x: inner.x, y: inspectorTop - 1, width: inner.width, height: 1), 0x2508, t[.border])
            var y = inspectorTop
            if let f = sel.flatMap({ $0 < fields.count ? fields[$0] : nil }) {
                g.text("field \(f.name) (\(f.kind.rawValue), \(f.length) B @\(f.offset)) = \(f.value)", x: inner.x, y: y,
                       style: t[.header], maxWidth: inner.width)
                y += 1
            }
            for line in ValueInspector.lines(payload, at: s.hexCursor) where y < inner.maxY {
                g.text(line, x: inner.x, y: y, style: t[.text], maxWidth: inner.width)
                y += 1
            }
        }
    }
}
