/// The metrics screen: discovery time per phase, messages, cache hits, copilot latency and tokens, circuit-breaker
/// state, drawn over the panes like the help overlay (Esc closes, j/k scroll).
enum MetricsOverlay {
    static func draw(_ g: inout CellGrid, _ s: WorkbenchState, _ t: ResolvedTheme) {
        let all = s.metrics.lines()
        let w = min(g.width - 4, 80), h = min(g.height - 3, all.count + 2)
        guard w > 20, h > 3 else { return }
        let r = Rect(x: (g.width - w) / 2, y: max(0, (g.height - 1 - h) / 2), width: w, height: h)
        g.fill(r, 32, t[.overlay])
        g.box(r, title: "Metrics (Esc closes, j/k scroll)", style: t[.borderFocused], titleStyle: t[.titleFocused], glyphs: t.glyphs)
        let inner = r.inner
        let top = min(s.metricsScroll, max(0, all.count - inner.height))
        for k in 0..<inner.height where top + k < all.count {
            let l = all[top + k]
            g.text(" " + l, x: inner.x, y: inner.y + k, style: l.hasPrefix("##") ? t[.header] : t[.overlay], maxWidth: inner.width)
        }
    }
}
