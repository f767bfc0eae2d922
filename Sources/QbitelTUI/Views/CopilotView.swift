/// Chat history, the streaming answer, the multi-line input, quick actions and a pending suggestion.
enum CopilotView {
    static func draw(_ g: inout CellGrid, _ r: Rect, _ s: WorkbenchState, _ t: ResolvedTheme) {
        let focused = s.focus == .copilot
        let c = s.copilot
        PaneFrame.draw(&g, r, .copilot, focused: focused, theme: t, detail: c.status.rawValue)
        let inner = r.inner
        guard inner.height > 2, inner.width > 10 else { return }
        g.fill(inner, 32, t[.text])
        // Bottom: input box (draft lines) and quick actions.
        let draftLines = c.draft.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let inputHeight = c.isComposing ? min(4, max(1, draftLines.count)) : 1
        let actionsY = inner.maxY - 1
        let inputTop = actionsY - inputHeight
        let actions = CopilotPaneState.quickActions.map { "\($0.key) \($0.label)" }.joined(separator: "  ")
            + (c.suggestion != nil ? "  a accept  x reject" : "")
        g.text(actions, x: inner.x, y: actionsY, style: t[.muted], maxWidth: inner.width)
        if c.isComposing {
            g.fill(Rect(x: inner.x, y: inputTop, width: inner.width, height: inputHeight), 32, t[.input])
            for (k, l) in draftLines.suffix(inputHeight).enumerated() {
                let prefix = k == 0 ? "> " : "  "
                let w = g.text(prefix + l, x: inner.x, y: inputTop + k, style: t[.input], maxWidth: inner.width)
                if k == min(inputHeight, draftLines.count) - 1 { g[inner.x + min(w, inner.width - 1), inputTop + k] = Cell(0x2588, t[.input]) }
            }
        } else {
            g.text(focused ? "i or Enter: ask a question" : "5: focus the copilot", x: inner.x, y: inputTop,
                   style: t[.muted], maxWidth: inner.width)
        }
        // History, wrapped, newest at the bottom.
        var lines: [(String, ThemeRole)] = []
        func add(_ prefix: String, _ text: String, _ role: ThemeRole) {
            for para in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var rest = prefix + para
                while !rest.isEmpty {
                    let chunk = String(rest.prefix(inner.width))
                    lines.append((chunk, role))
                    rest = String(rest.dropFirst(chunk.count))
                    if !rest.isEmpty { rest = "  " + rest }
                }
            }
        }
        if c.history.isEmpty && c.streaming == nil {
            switch c.status {
            case .offline: add("", "Copilot offline: no local model answers. Everything else works.", .muted)
            case .airGapped: add("", "Air-gapped: local model only.", .muted)
            case .circuitOpen: add("", "Paused after repeated failures (circuit open).", .statusWarning)
            case .ready, .busy: add("", "Ask about the selected field, type or capture.", .muted)
            }
        }
        for e in c.history {
            add(e.role == .user ? "you: " : (e.role == .copilot ? "ai: " : "· "), e.text,
                e.role == .user ? .header : (e.role == .system ? .muted : .text))
        }
        if let st = c.streaming { add("ai: ", st + "▌", .text) }
        let room = inputTop - inner.y
        guard room > 0 else { return }
        let end = max(0, lines.count - min(c.scrollBack, max(0, lines.count - room)))
        let start = max(0, end - room)
        for (k, l) in lines[start..<end].enumerated() {
            g.text(l.0, x: inner.x, y: inner.y + k, style: t[l.1], maxWidth: inner.width)
        }
    }
}
