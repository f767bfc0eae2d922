/// The box around a pane: heavy lines and a bright title when focused, so focus shows without colour too.
enum PaneFrame {
    static func draw(_ g: inout CellGrid, _ r: Rect, _ pane: Pane, focused: Bool, theme: ResolvedTheme, detail: String = "") {
        let glyphs = focused && theme.glyphs.horizontal != BoxGlyphs.ascii.horizontal ? BoxGlyphs.heavy : theme.glyphs
        let title = "\(pane.rawValue + 1) \(pane.title)" + (detail.isEmpty ? "" : " · \(detail)") + (focused ? " ●" : "")
        g.box(r, title: title, style: theme[focused ? .borderFocused : .border],
              titleStyle: theme[focused ? .titleFocused : .title], glyphs: glyphs)
    }
}
