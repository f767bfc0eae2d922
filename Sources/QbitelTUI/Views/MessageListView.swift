import Foundation
import QbitelEngine

/// The message list: only the rows on screen are formatted, so a million messages cost what twenty do.
enum MessageListView {
    static func draw(_ g: inout CellGrid, _ r: Rect, _ s: WorkbenchState, _ t: ResolvedTheme) {
        let focused = s.focus == .messages
        var detail = "\(s.rowCount)"
        if let c = s.capture, s.rowCount != c.messages.count { detail += "/\(c.messages.count)" }
        if !s.filter.isEmpty { detail += " " + s.filter.summary }
        if s.sort != .frame { detail += " by \(s.sort.rawValue)" }
        PaneFrame.draw(&g, r, .messages, focused: focused, theme: t, detail: detail)
        let inner = r.inner
        guard inner.height > 1, inner.width > 10 else { return }
        g.fill(inner, 32, t[.text])
        guard let c = s.capture else {
            g.text("reading \(s.captureName)…", x: inner.x + 1, y: inner.y + 1, style: t[.muted], maxWidth: inner.width - 1)
            return
        }
        // Columns: mark frame time dir len type verdict flow
        let header = " " + "frame".leftPadded(7) + " " + "time".leftPadded(9) + "  " + "dir" + " " + "len".leftPadded(5)
            + "  " + "type".padded(12) + " ok " + "flow"
        g.text(header, x: inner.x, y: inner.y, style: t[.header], maxWidth: inner.width)
        let t0 = c.firstTimestamp?.timeInterval ?? 0
        let visible = inner.height - 1
        for k in 0..<visible {
            let row = s.listTop + k
            guard let i = s.messageIndex(atRow: row) else { break }
            let m = c.messages[i]
            let y = inner.y + 1 + k
            let selected = row == s.selectedRow
            let base = selected ? t[.selection] : t[.text]
            if selected { g.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), 32, base) }
            var x = inner.x
            let mark = s.annotations.bookmarks.contains(i) ? "★" : (s.annotations.comments[i] != nil ? "✎" : (selected ? "▶" : " "))
            x += g.text(mark, x: x, y: y, style: selected ? base : t[.bookmark], maxWidth: 1)
            let dt = m.timestamp.timeInterval - t0
            let line = String(m.frame).leftPadded(7) + " " + formatSeconds(dt).leftPadded(9) + "  "
                + (m.direction == .clientToServer ? " → " : " ← ") + " " + String(m.length).leftPadded(5) + "  "
            x += g.text(line, x: x, y: y, style: base, maxWidth: inner.maxX - x)
            let type = s.typeID(of: i)
            let label = type.map { s.typeLabel($0) } ?? "…"
            var ts = base
            if let type, !selected { ts = ts.withForeground(t.color(for: type)).adding(.bold) }
            x += g.text(label.padded(12), x: x, y: y, style: ts, maxWidth: inner.maxX - x)
            let v = s.verdict(of: i)
            let vs = selected ? base : t[v == .invalid ? .invalid : (v == .valid ? .valid : .muted)]
            x += g.text(" " + v.mark + "  ", x: x, y: y, style: vs, maxWidth: inner.maxX - x)
            g.text("#\(m.flowIndex + 1) \(m.flow)", x: x, y: y, style: selected ? base : t[.muted], maxWidth: inner.maxX - x)
        }
        if s.rowCount == 0 {
            g.text(s.filter.isEmpty ? "no messages" : "no message matches the filter (:filter clear)", x: inner.x + 1,
                   y: inner.y + 1, style: t[.muted], maxWidth: inner.width - 1)
        }
    }

    static func formatSeconds(_ v: Double) -> String {
        let ms = Int((v * 1000).rounded())
        let whole = ms / 1000, frac = abs(ms % 1000)
        return "\(whole)." + String(frac).leftPadded(3).replacingOccurrences(of: " ", with: "0")
    }
}
