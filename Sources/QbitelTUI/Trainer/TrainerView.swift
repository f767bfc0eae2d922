import QbitelEngine

/// Draws a trainer step: narration on top, the step's picture in the middle, the sample message's bytes with the
/// boundaries found so far at the bottom, and the step keys in the status bar.
public struct TrainerView: Sendable {
    public var theme: ResolvedTheme

    public init(theme: ResolvedTheme) { self.theme = theme }

    public func render(_ s: TrainerState) -> CellGrid {
        let t = theme
        var g = CellGrid(width: s.workbench.width, height: s.workbench.height, fill: Cell(32, t[.text]))
        let w = g.width, h = g.height
        guard w >= 60, h >= 16 else {
            g.text("terminal too small for trainer mode (need 60×16)", x: 0, y: 0, style: t[.statusError])
            return g
        }
        let status = Rect(x: 0, y: h - 1, width: w, height: 1)
        g.fill(status, 32, t[.statusBar])
        guard !s.steps.isEmpty, s.index < s.steps.count else {
            g.text("Trainer: \(s.workbench.phase.label) — \(s.workbench.captureName)", x: 1, y: 1, style: t[.narration])
            g.text(" q quit", x: 0, y: h - 1, style: t[.statusKey])
            return g
        }
        let step = s.steps[s.index]
        // Narration.
        let narrH = 5
        let narr = Rect(x: 0, y: 0, width: w, height: narrH)
        g.box(narr, title: "Trainer · \(s.typeID ?? "") · step \(s.index + 1)/\(s.steps.count): \(step.title)",
              style: t[.borderFocused], titleStyle: t[.titleFocused], glyphs: t.glyphs)
        for (k, line) in wrap(step.narration, width: w - 4).prefix(narrH - 2).enumerated() {
            g.text(line, x: 2, y: 1 + k, style: t[.narration], maxWidth: w - 4)
        }
        // Sample message at the bottom.
        var wb = s.workbench
        let hexH = min(10, max(5, h / 4))
        let hexRect = Rect(x: 0, y: h - 1 - hexH, width: w, height: hexH)
        wb.focus = .hex
        wb.hexCursor = 0
        wb.hexTop = 0
        var spans: [DisplayField]?
        if !step.showFields, let m = wb.selectedMessage, let msg = wb.message(m) {
            // Before meanings: only the boundaries found so far, as opaque segments.
            let cuts = [0] + step.boundaries.filter { $0 > 0 && $0 < msg.length }.sorted() + [msg.length]
            var list: [DisplayField] = []
            for k in 0..<(cuts.count - 1) where cuts[k + 1] > cuts[k] {
                let key = FieldKey(typeID: "segment", offset: cuts[k])
                let bytes = msg.payload[cuts[k]..<cuts[k + 1]]
                list.append(DisplayField(key: key, offset: cuts[k], length: cuts[k + 1] - cuts[k], name: "s\(k)",
                                         kind: .bytes, confidence: 1, note: nil, endianness: nil, bytes: bytes))
            }
            spans = list
        }
        wb.selectedField = nil
        HexView.draw(&g, hexRect, wb, t, fieldsOverride: spans)
        // The picture.
        let pic = Rect(x: 0, y: narrH, width: w, height: hexRect.y - narrH)
        g.box(pic, title: step.title, style: t[.border], titleStyle: t[.title], glyphs: t.glyphs)
        let inner = pic.inner
        for (k, line) in step.lines.prefix(inner.height).enumerated() {
            var st = t[line.role]
            if let key = line.colorKey, line.role != .highlight { st = st.withForeground(t.color(for: key)) }
            g.text(line.text, x: inner.x + 1, y: inner.y + k, style: st, maxWidth: inner.width - 1)
        }
        var x = g.text(" ← h back  → l Space next  g first  G last  q quit ", x: 0, y: h - 1, style: t[.statusKey])
        if let a = s.autoSeconds { x += g.text("│ auto every \(a)s ", x: x, y: h - 1, style: t[.statusBar]) }
        g.text("│ \(s.workbench.captureName)", x: x, y: h - 1, style: t[.statusBar])
        return g
    }

    func wrap(_ s: String, width: Int) -> [String] {
        var lines: [String] = [], cur = ""
        for word in s.split(separator: " ") {
            if !cur.isEmpty && cur.count + 1 + word.count > width {
                lines.append(cur)
                cur = ""
            }
            cur += (cur.isEmpty ? "" : " ") + word
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines
    }
}
