/// The selected message's fields: offset, length, name, kind, value, confidence and the detector's notes.
enum FieldTableView {
    static func draw(_ g: inout CellGrid, _ r: Rect, _ s: WorkbenchState, _ t: ResolvedTheme, fields: [DisplayField]) {
        let focused = s.focus == .fields
        let type = s.selectedMessage.flatMap { s.typeID(of: $0) }
        PaneFrame.draw(&g, r, .fields, focused: focused, theme: t, detail: type.map { s.typeLabel($0) } ?? "")
        let inner = r.inner
        guard inner.height > 1, inner.width > 10 else { return }
        g.fill(inner, 32, t[.text])
        let valueW = max(8, min(24, (inner.width - 39) / 2))
        let header = "off".leftPadded(5) + " " + "len".leftPadded(4) + " " + "name".padded(12) + " " + "kind".padded(8)
            + " " + "value".padded(valueW) + " " + "conf" + "  notes"
        g.text(header, x: inner.x, y: inner.y, style: t[.header], maxWidth: inner.width)
        if fields.isEmpty {
            let why = s.discovery == nil ? "discovery running…" : "no fields for this message"
            g.text(why, x: inner.x + 1, y: inner.y + 1, style: t[.muted], maxWidth: inner.width - 1)
            return
        }
        for k in 0..<(inner.height - 1) {
            let i = s.fieldsTop + k
            if i >= fields.count { break }
            let f = fields[i]
            let y = inner.y + 1 + k
            let selected = i == s.selectedField
            let base = selected ? t[.selection] : t[.text]
            if selected { g.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), 32, base) }
            var x = inner.x
            x += g.text(String(f.offset).leftPadded(5) + " " + String(f.length).leftPadded(4) + " ", x: x, y: y, style: base)
            let ns = selected ? base : base.withForeground(t.color(for: f.key.colorKey)).adding(.bold)
            x += g.text(f.name.padded(12) + " ", x: x, y: y, style: ns, maxWidth: inner.maxX - x)
            x += g.text(f.kind.rawValue.padded(8) + " " + f.value.padded(valueW) + " ", x: x, y: y, style: base, maxWidth: inner.maxX - x)
            let conf = String(Int((f.confidence * 100).rounded())) + "%"
            let cs = selected ? base : t[f.confidence >= 0.7 ? .valid : (f.confidence >= 0.4 ? .text : .invalid)]
            x += g.text(conf.leftPadded(4) + "  ", x: x, y: y, style: cs, maxWidth: inner.maxX - x)
            if let note = f.note { g.text(note, x: x, y: y, style: selected ? base : t[.muted], maxWidth: inner.maxX - x) }
        }
    }
}
