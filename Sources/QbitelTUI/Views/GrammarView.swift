import Foundation

/// The grammar tree: ▸/▾ for collapsed/expanded nodes, a probability per node; the node of the selected field is
/// marked so structure and bytes stay linked both ways.
enum GrammarView {
    static func draw(_ g: inout CellGrid, _ r: Rect, _ s: WorkbenchState, _ t: ResolvedTheme, fields: [DisplayField]) {
        let focused = s.focus == .grammar
        PaneFrame.draw(&g, r, .grammar, focused: focused, theme: t)
        let inner = r.inner
        guard inner.height > 0, inner.width > 8 else { return }
        g.fill(inner, 32, t[.text])
        let rows = GrammarTree.rows(s)
        if rows.isEmpty {
            g.text(s.phase == .done ? "no grammar" : "waiting for discovery…", x: inner.x + 1, y: inner.y,
                   style: t[.muted], maxWidth: inner.width - 1)
            return
        }
        let field = s.selectedField.flatMap { $0 < fields.count ? fields[$0] : nil }
        for k in 0..<inner.height {
            let i = s.grammarTop + k
            if i >= rows.count { break }
            let n = rows[i]
            let y = inner.y + k
            let selected = i == s.grammarCursor
            let base = selected && focused ? t[.selection] : t[.text]
            if selected && focused { g.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), 32, base) }
            let linked = field != nil && n.typeID == field.map({ s.annotations.mergedType($0.key.typeID) })
                && n.fieldOffset == field?.offset
            let glyph = n.hasChildren ? (s.expanded.contains(n.id) ? "▾ " : "▸ ") : (linked ? "◆ " : "· ")
            let prob = String(format: "%.2f ", n.probability)
            var x = inner.x + n.depth * 2
            x += g.text(glyph, x: x, y: y, style: linked && !selected ? t[.highlight] : base, maxWidth: inner.maxX - x)
            x += g.text(prob, x: x, y: y, style: selected && focused ? base : t[.muted], maxWidth: inner.maxX - x)
            var ls = linked && !(selected && focused) ? t[.highlight] : base
            if let tid = n.typeID, !(selected && focused), !linked {
                ls = ls.withForeground(t.color(for: n.fieldOffset.map { "\(tid)/\($0)" } ?? tid))
            }
            g.text(n.label, x: x, y: y, style: ls, maxWidth: inner.maxX - x)
        }
    }
}
