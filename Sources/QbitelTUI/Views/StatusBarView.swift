/// One line: capture, discovery progress, copilot state, then the notice or the focused pane's key hints.
/// In `/`, `:` and prompt modes the line becomes the input line (with completions).
enum StatusBarView {
    static func draw(_ g: inout CellGrid, _ r: Rect, _ s: WorkbenchState, _ t: ResolvedTheme, keymap: Keymap) {
        guard r.height > 0 else { return }
        g.fill(r, 32, t[.statusBar])
        let y = r.y
        switch s.mode {
        case .search(let text):
            let w = g.text("/" + text, x: r.x, y: y, style: t[.input], maxWidth: r.width)
            g[r.x + w, y] = Cell(0x2588, t[.input])
            return
        case .command(let text):
            var w = g.text(":" + text, x: r.x, y: y, style: t[.input], maxWidth: r.width)
            g[r.x + w, y] = Cell(0x2588, t[.input])
            w += 2
            if !s.completions.isEmpty {
                g.text(s.completions.joined(separator: "  "), x: r.x + w, y: y, style: t[.statusKey], maxWidth: r.width - w)
            }
            return
        case .prompt(let kind, let text):
            let w = g.text("\(kind.rawValue): " + text, x: r.x, y: y, style: t[.input], maxWidth: r.width)
            g[r.x + w, y] = Cell(0x2588, t[.input])
            return
        case .normal: break
        }
        var x = r.x
        let msgs = s.capture.map { " \($0.messages.count) msgs" } ?? ""
        x += g.text(" \(s.captureName)\(msgs) ", x: x, y: y, style: t[.statusKey], maxWidth: r.width / 3)
        let phaseRole: ThemeRole
        var phaseText = s.phase.label
        switch s.phase {
        case .done: phaseRole = .statusOK
        case .failed: phaseRole = .statusError
        case .running(_, let f):
            phaseRole = .statusWarning
            let filled = Int((f * 8).rounded())
            phaseText += " " + String(repeating: "█", count: filled) + String(repeating: "░", count: 8 - filled)
        case .loading: phaseRole = .statusWarning
        }
        x += g.text("│ " + phaseText + " ", x: x, y: y, style: t[phaseRole], maxWidth: r.maxX - x)
        let cs = s.copilot.status
        let copRole: ThemeRole = cs == .ready ? .statusOK : (cs == .circuitOpen ? .statusError : .statusWarning)
        x += g.text("│ copilot: \(cs.rawValue) ", x: x, y: y, style: t[copRole], maxWidth: r.maxX - x)
        x += g.text("│ ", x: x, y: y, style: t[.statusBar], maxWidth: r.maxX - x)
        if let n = s.notice {
            g.text(n, x: x, y: y, style: t[s.noticeIsError ? .statusError : .statusBar], maxWidth: r.maxX - x)
            return
        }
        for (keys, help) in keymap.hints(for: s.focus) where x < r.maxX - 4 {
            x += g.text(keys, x: x, y: y, style: t[.statusKey], maxWidth: r.maxX - x)
            x += g.text(" " + help + "  ", x: x, y: y, style: t[.statusBar], maxWidth: r.maxX - x)
        }
    }
}
