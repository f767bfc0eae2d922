/// The `?` overlay: every binding from the keymap plus the `:` commands, scrollable.
enum HelpOverlay {
    static func lines(_ keymap: Keymap) -> [String] {
        var out = keymap.helpLines()
        out.append("")
        out.append("## Commands (:)")
        for c in WorkbenchCommands.commands {
            out.append("  :" + (c.name + " " + c.args).padded(40) + " " + c.help)
        }
        out.append("")
        out.append("## Mouse")
        out.append("  click                 select a message, byte, field or grammar node")
        out.append("  wheel                 scroll the pane under the pointer")
        return out
    }

    static func draw(_ g: inout CellGrid, _ s: WorkbenchState, _ t: ResolvedTheme, lines all: [String]) {
        let w = min(g.width - 4, 96), h = min(g.height - 3, 48)
        guard w > 20, h > 5 else { return }
        let r = Rect(x: (g.width - w) / 2, y: max(0, (g.height - 1 - h) / 2), width: w, height: h)
        g.fill(r, 32, t[.overlay])
        g.box(r, title: "Help — keys (Esc closes, j/k scroll)", style: t[.borderFocused], titleStyle: t[.titleFocused],
              glyphs: t.glyphs)
        let inner = r.inner
        let top = min(s.helpScroll, max(0, all.count - inner.height))
        for k in 0..<inner.height where top + k < all.count {
            let l = all[top + k]
            g.text(" " + l, x: inner.x, y: inner.y + k, style: l.hasPrefix("##") ? t[.header] : t[.overlay], maxWidth: inner.width)
        }
    }
}
