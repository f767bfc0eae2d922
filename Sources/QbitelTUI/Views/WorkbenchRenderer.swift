/// Draws the whole workbench into a cell grid: the one entry point tests, the benchmark and the backend use.
public struct WorkbenchRenderer: Sendable {
    public var theme: ResolvedTheme
    public var keymap: Keymap {
        didSet { helpLines = HelpOverlay.lines(keymap) }
    }
    private(set) var helpLines: [String]

    public init(theme: ResolvedTheme, keymap: Keymap = .standard) {
        self.theme = theme
        self.keymap = keymap
        helpLines = HelpOverlay.lines(keymap)
    }

    public func render(_ s: WorkbenchState) -> CellGrid {
        var g = CellGrid(width: s.width, height: s.height, fill: Cell(32, theme[.text]))
        render(s, into: &g)
        return g
    }

    /// Renders into an existing grid of the right size (reuses its storage frame after frame).
    public func render(_ s: WorkbenchState, into g: inout CellGrid) {
        if g.width != s.width || g.height != s.height { g = CellGrid(width: s.width, height: s.height) }
        g.fill(g.bounds, 32, theme[.text])
        let layout = WorkbenchLayout.compute(width: s.width, height: s.height, zoomed: s.zoomed)
        if layout.tooSmall {
            g.text("terminal too small: \(s.width)×\(s.height), need \(WorkbenchLayout.minimumWidth)×\(WorkbenchLayout.minimumHeight)",
                   x: 0, y: 0, style: theme[.statusError])
            g.text("resize, or q to quit", x: 0, y: 1, style: theme[.text])
            return
        }
        // The selected message's fields, once per frame for every pane that shows them.
        let fields = s.selectedFields
        for (pane, r) in layout.panes {
            switch pane {
            case .messages: MessageListView.draw(&g, r, s, theme)
            case .hex: HexView.draw(&g, r, s, theme, fieldsOverride: fields)
            case .fields: FieldTableView.draw(&g, r, s, theme, fields: fields)
            case .grammar: GrammarView.draw(&g, r, s, theme, fields: fields)
            case .copilot: CopilotView.draw(&g, r, s, theme)
            }
        }
        StatusBarView.draw(&g, layout.statusBar, s, theme, keymap: keymap)
        if s.showMetrics { MetricsOverlay.draw(&g, s, theme) }
        if s.showHelp { HelpOverlay.draw(&g, s, theme, lines: helpLines) }
    }
}
