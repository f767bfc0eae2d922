import QbitelCopilot
import QbitelEngine

/// The only place the workbench state changes: `reduce(state, event) → effects`. Pure, so tests drive it directly.
public enum WorkbenchReducer {
    public static func reduce(_ s: inout WorkbenchState, _ event: WorkbenchEvent,
                              keymap: Keymap = .standard) -> [WorkbenchEffect] {
        var fx: [WorkbenchEffect] = []
        switch event {
        case .key(let k): fx = handleKey(&s, k, keymap)
        case .mouse(let m): handleMouse(&s, m)
        case .resize(let w, let h):
            s.width = max(1, w)
            s.height = max(1, h)
        case .captureLoaded(let c):
            s.capture = c
            s.captureName = c.name
            s.phase = .running(step: "discovering", fraction: 0)
            rebuildRows(&s)
            fx = [.runDiscovery]
        case .captureFailed(let e):
            s.phase = .failed(e.description)
            s.notice = e.description
            s.noticeIsError = true
        case .discoveryProgress(let step, let f):
            s.phase = .running(step: step, fraction: min(1, max(0, f)))
        case .annotationsRestored(let saved):
            // Saved values fill in what this session has not set itself; they are not undo steps.
            s.annotations.typeNames.merge(saved.typeNames) { current, _ in current }
            s.annotations.fieldNames.merge(saved.fieldNames) { current, _ in current }
            s.annotations.kindOverrides.merge(saved.kindOverrides) { current, _ in current }
            s.annotations.comments.merge(saved.comments) { current, _ in current }
            s.annotations.bookmarks.formUnion(saved.bookmarks)
            s.annotations.merges.merge(saved.merges) { current, _ in current }
            s.annotations.splits.merge(saved.splits) { current, _ in current }
            rebuildRows(&s)
        case .discoveryFinished(let r):
            s.discovery = r
            var idx = Array(repeating: -1, count: s.capture?.messages.count ?? 0)
            for (k, m) in r.messages.enumerated() where m.messageIndex >= 0 && m.messageIndex < idx.count {
                idx[m.messageIndex] = k
            }
            s.inferenceIndex = idx
            s.phase = .done
            rebuildRows(&s)
            syncFieldToCursor(&s)
        case .discoveryFailed(let e):
            s.phase = .failed(e.description)
            s.notice = e.description
            s.noticeIsError = true
        case .verdicts(let v):
            s.verdicts.merge(v) { $1 }
        case .copilotStatus(let st):
            s.copilot.status = st
        case .copilotChunk(let t):
            s.copilot.streaming = (s.copilot.streaming ?? "") + t
        case .copilotFinished(let suggestions):
            if let text = s.copilot.streaming { s.copilot.history.append(.init(role: .copilot, text: text)) }
            s.copilot.streaming = nil
            s.copilot.queuedSuggestions = suggestions
            offerNextSuggestion(&s)
        case .copilotFailed(let m):
            s.copilot.streaming = nil
            s.copilot.history.append(.init(role: .system, text: m))
        case .copilotHistoryRestored(let saved):
            // Once per session: a re-run of discovery does not repeat them.
            if !s.copilot.savedHistoryShown && !saved.isEmpty {
                s.copilot.history = saved + [.init(role: .system, text: "this session")] + s.copilot.history
                s.copilot.savedHistoryShown = true
            }
        case .notice(let m, let isError):
            s.notice = m
            s.noticeIsError = isError
        case .metrics(let m):
            s.metrics = m
        }
        clamp(&s)
        return fx
    }

    // MARK: keys

    static func handleKey(_ s: inout WorkbenchState, _ k: Key, _ keymap: Keymap) -> [WorkbenchEffect] {
        if k == .ctrl("c") {
            s.shouldQuit = true
            return [.quit]
        }
        if !s.mode.isNormal { return WorkbenchCommands.handleLineKey(&s, k) }
        if s.copilot.isComposing { return handleComposeKey(&s, k) }
        if s.showMetrics {
            switch k {
            case .escape, .char("q"), .char("P"): s.showMetrics = false
            case .down, .char("j"): s.metricsScroll += 1
            case .up, .char("k"): s.metricsScroll = max(0, s.metricsScroll - 1)
            default: break
            }
            return []
        }
        if s.showHelp {
            switch k {
            case .escape, .char("q"), .char("?"): s.showHelp = false
            case .down, .char("j"): s.helpScroll += 1
            case .up, .char("k"): s.helpScroll = max(0, s.helpScroll - 1)
            case .pageDown, .char(" "): s.helpScroll += 10
            case .pageUp: s.helpScroll = max(0, s.helpScroll - 10)
            default: break
            }
            return []
        }
        s.completions = []
        guard let action = keymap.action(for: k, in: s.focus) else { return [] }
        return perform(&s, action)
    }

    static func handleComposeKey(_ s: inout WorkbenchState, _ k: Key) -> [WorkbenchEffect] {
        switch k {
        case .escape:
            s.copilot.isComposing = false
        case .enter:
            let q = s.copilot.draft.trimmingCharacters(in: .whitespacesAndNewlines)
            s.copilot.isComposing = false
            s.copilot.draft = ""
            guard !q.isEmpty else { return [] }
            return ask(&s, q)
        case .ctrl("j"):
            s.copilot.draft.append("\n")
        case .backspace, .delete:
            if !s.copilot.draft.isEmpty { s.copilot.draft.removeLast() }
        case .char(let c):
            if s.copilot.draft.count < 10_000 { s.copilot.draft.append(c) }
        default: break
        }
        return []
    }

    static func ask(_ s: inout WorkbenchState, _ q: String, action: QuickAction? = nil) -> [WorkbenchEffect] {
        s.copilot.history.append(.init(role: .user, text: q))
        switch s.copilot.status {
        case .offline:
            s.copilot.history.append(.init(role: .system, text: "copilot offline: no local model answers (start Ollama on localhost:11434)"))
            return []
        case .circuitOpen:
            s.copilot.history.append(.init(role: .system, text: "copilot paused after repeated failures (circuit open); try again shortly"))
            return []
        default:
            s.copilot.streaming = ""
            s.copilot.suggestion = nil
            s.copilot.queuedSuggestions = []
            return [.askCopilot(question: action == nil ? q : "", action: action)]
        }
    }

    // MARK: actions

    static func perform(_ s: inout WorkbenchState, _ a: WorkbenchAction) -> [WorkbenchEffect] {
        switch a {
        case .quit:
            s.shouldQuit = true
            return [.quit]
        case .help:
            s.showHelp = true
            s.helpScroll = 0
        case .metrics: openMetrics(&s)
        case .nextPane: s.focus = s.zoomed == nil ? s.focus.next : s.focus
        case .previousPane: s.focus = s.zoomed == nil ? s.focus.previous : s.focus
        case .focus(let p):
            s.focus = p
            if s.zoomed != nil { s.zoomed = p }
        case .zoom: s.zoomed = s.zoomed == nil ? s.focus : nil
        case .redraw: return [.redraw]
        case .suspend: return [.suspend]
        case .up: move(&s, -1, vertical: true)
        case .down: move(&s, 1, vertical: true)
        case .left: move(&s, -1, vertical: false)
        case .right: move(&s, 1, vertical: false)
        case .pageUp: move(&s, -pageSize(s), vertical: true)
        case .pageDown: move(&s, pageSize(s), vertical: true)
        case .top: move(&s, Int.min / 4, vertical: true)
        case .bottom: move(&s, Int.max / 4, vertical: true)
        case .drillIn: drillIn(&s)
        case .back:
            if s.zoomed != nil { s.zoomed = nil } else if s.focus != .messages { s.focus = s.focus == .fields ? .hex : .messages }
        case .search: s.mode = .search("")
        case .nextMatch: WorkbenchCommands.search(&s, forward: true)
        case .previousMatch: WorkbenchCommands.search(&s, forward: false)
        case .commandLine: s.mode = .command("")
        case .filter: s.mode = .command("filter ")
        case .cycleSort:
            let all = MessageSort.allCases
            s.sort = all[(all.firstIndex(of: s.sort)! + 1) % all.count]
            rebuildRows(&s)
            s.notice = "sorted by \(s.sort.rawValue)"
            s.noticeIsError = false
        case .rename:
            if s.focus != .messages, let f = currentField(s) {
                s.mode = .prompt(.renameField, f.name)
            } else if let m = s.selectedMessage, let t = s.typeID(of: m) {
                s.mode = .prompt(.renameType, s.typeLabel(t))
            }
        case .changeKind: s.mode = .command("kind ")
        case .comment:
            if let m = s.selectedMessage { s.mode = .prompt(.comment, s.annotations.comments[m] ?? "") }
        case .bookmark:
            if let m = s.selectedMessage {
                let edit = AnnotationEdit.bookmark(m, !s.annotations.bookmarks.contains(m))
                s.record(edit)
                return [.persist(edit)]
            }
        case .nextBookmark:
            let n = s.rowCount
            guard n > 0, !s.annotations.bookmarks.isEmpty else { break }
            for step in 1...n {
                let r = (s.selectedRow + step) % n
                if let m = s.messageIndex(atRow: r), s.annotations.bookmarks.contains(m) {
                    selectRow(&s, r)
                    break
                }
            }
        case .merge:
            if let m = s.selectedMessage, let t = s.typeID(of: m) { s.mode = .command("merge \(t) ") }
        case .split:
            if let m = s.selectedMessage, let t = s.typeID(of: m) {
                let base = s.inference(m)?.typeID ?? t
                let edit = AnnotationEdit.split(base, offset: s.hexCursor)
                s.record(edit)
                rebuildRows(&s)
                return [.persist(edit)]
            }
        case .undo: return undo(&s)
        case .redo: return redo(&s)
        case .rerunDiscovery:
            guard s.capture != nil else { break }
            s.phase = .running(step: "discovering", fraction: 0)
            return [.runDiscovery]
        case .export: s.mode = .command("export ")
        case .compose: s.copilot.isComposing = true
        case .accept:
            if let sug = s.copilot.suggestion {
                s.copilot.suggestion = nil
                s.record(sug.edit)
                s.copilot.history.append(.init(role: .system, text: "accepted: \(sug.summary)"))
                offerNextSuggestion(&s)
                return [.persist(sug.edit)]
            }
        case .reject:
            if let sug = s.copilot.suggestion {
                s.copilot.suggestion = nil
                s.copilot.history.append(.init(role: .system, text: "rejected: \(sug.summary)"))
                offerNextSuggestion(&s)
            }
        case .quickAction(let c):
            let action = quickAction(c)
            return ask(&s, quickQuestion(s, c), action: action)
        }
        return []
    }

    static func openMetrics(_ s: inout WorkbenchState) {
        guard s.metricsScreenEnabled else {
            s.notice = "the metrics screen is off (feature flag metrics_screen)"
            s.noticeIsError = true
            return
        }
        s.showMetrics = true
        s.showHelp = false
        s.metricsScroll = 0
    }

    /// The copilot's quick action for a key of the copilot pane: it asks the question and, for names and kinds,
    /// a JSON answer that is parsed strictly into suggestions.
    static func quickAction(_ c: Character) -> QuickAction {
        switch c {
        case "t": return .nameFields
        case "d": return .suggestFieldKinds
        case "w": return .guessProtocol
        default: return .explainMessage
        }
    }

    /// What the chat shows for a quick action: which action, about which message.
    static func quickQuestion(_ s: WorkbenchState, _ c: Character) -> String {
        let label = CopilotPaneState.quickActions.first { $0.key == c }?.label ?? "explain"
        guard let m = s.selectedMessage else { return "[\(label)]" }
        let type = s.typeID(of: m).map { ", type \(s.typeLabel($0))" } ?? ""
        return "[\(label)] message \(m + 1)\(type)"
    }

    /// Puts the next waiting suggestion on offer, if any, and says how to decide.
    static func offerNextSuggestion(_ s: inout WorkbenchState) {
        guard s.copilot.suggestion == nil, !s.copilot.queuedSuggestions.isEmpty else { return }
        let next = s.copilot.queuedSuggestions.removeFirst()
        s.copilot.suggestion = next
        let more = s.copilot.queuedSuggestions.isEmpty ? "" : " (\(s.copilot.queuedSuggestions.count) more)"
        s.copilot.history.append(.init(role: .system, text: "suggestion: \(next.summary) — a accepts, x rejects\(more)"))
    }

    static func undo(_ s: inout WorkbenchState) -> [WorkbenchEffect] {
        guard let prev = s.undoStack.popLast() else {
            s.notice = "nothing to undo"
            s.noticeIsError = false
            return []
        }
        let before = s.annotations
        s.redoStack.append(s.annotations)
        s.annotations = prev
        s.notice = "undone"
        s.noticeIsError = false
        rebuildRows(&s)
        return [.persistChange(from: before, to: prev)]
    }

    static func redo(_ s: inout WorkbenchState) -> [WorkbenchEffect] {
        guard let next = s.redoStack.popLast() else { return [] }
        let before = s.annotations
        s.undoStack.append(s.annotations)
        s.annotations = next
        s.notice = "redone"
        s.noticeIsError = false
        rebuildRows(&s)
        return [.persistChange(from: before, to: next)]
    }

    static func currentField(_ s: WorkbenchState) -> DisplayField? {
        let fs = s.selectedFields
        guard let i = s.selectedField, i >= 0, i < fs.count else { return nil }
        return fs[i]
    }

    // MARK: movement

    static func pageSize(_ s: WorkbenchState) -> Int {
        let l = WorkbenchLayout.compute(width: s.width, height: s.height, zoomed: s.zoomed)
        return max(1, (l.panes[s.focus]?.height ?? 10) - 3)
    }

    static func move(_ s: inout WorkbenchState, _ d: Int, vertical: Bool) {
        switch s.focus {
        case .messages:
            if vertical { selectRow(&s, s.selectedRow + d) } else { s.focus = d > 0 ? .hex : .messages }
        case .hex:
            guard let m = s.selectedMessage, let msg = s.message(m), msg.length > 0 else { return }
            let g = hexGeometry(s)
            let step = vertical ? (abs(d) >= Int.max / 8 ? d : d * g.bytesPerRow) : d
            s.hexCursor = clampInt(s.hexCursor.addingReportingOverflow(step).partialValue, 0, msg.length - 1)
            syncFieldToCursor(&s)
        case .fields:
            let fs = s.selectedFields
            guard !fs.isEmpty else { return }
            let cur = s.selectedField ?? 0
            let n = clampInt(cur.addingReportingOverflow(d).partialValue, 0, fs.count - 1)
            if vertical || true {
                s.selectedField = n
                s.hexCursor = fs[n].offset
                revealInGrammar(&s)
            }
        case .grammar:
            let rows = GrammarTree.rows(s)
            guard !rows.isEmpty else { return }
            let cur = clampInt(s.grammarCursor, 0, rows.count - 1)
            if vertical {
                s.grammarCursor = clampInt(cur.addingReportingOverflow(d).partialValue, 0, rows.count - 1)
            } else if d < 0 {
                let node = rows[cur]
                if s.expanded.contains(node.id) && node.hasChildren {
                    s.expanded.remove(node.id)
                } else if let parent = rows[..<cur].lastIndex(where: { $0.depth < node.depth }) {
                    s.grammarCursor = parent
                }
            } else {
                let node = rows[cur]
                if node.hasChildren && !s.expanded.contains(node.id) { s.expanded.insert(node.id) }
                else if node.hasChildren { s.grammarCursor = min(cur + 1, rows.count - 1) }
            }
            selectGrammarNode(&s)
        case .copilot:
            if vertical { s.copilot.scrollBack = max(0, s.copilot.scrollBack - d) }
        }
    }

    static func selectRow(_ s: inout WorkbenchState, _ r: Int) {
        let n = s.rowCount
        guard n > 0 else { return }
        let new = clampInt(r, 0, n - 1)
        if new != s.selectedRow {
            s.selectedRow = new
            s.hexCursor = 0
            s.hexTop = 0
            s.fieldsTop = 0
        }
        syncFieldToCursor(&s)
    }

    static func drillIn(_ s: inout WorkbenchState) {
        switch s.focus {
        case .messages: s.focus = .hex
        case .hex:
            syncFieldToCursor(&s)
            s.focus = .fields
        case .fields:
            if let f = currentField(s) { s.hexCursor = f.offset }
            s.focus = .hex
        case .grammar:
            let rows = GrammarTree.rows(s)
            guard s.grammarCursor < rows.count else { return }
            let node = rows[s.grammarCursor]
            if node.hasChildren {
                if s.expanded.contains(node.id) { s.expanded.remove(node.id) } else { s.expanded.insert(node.id) }
            } else {
                selectGrammarNode(&s)
                s.focus = .hex
            }
        case .copilot: s.copilot.isComposing = true
        }
    }

    /// Hex cursor → field selection (and the grammar tree follows).
    static func syncFieldToCursor(_ s: inout WorkbenchState) {
        s.selectedField = s.fieldIndex(containing: s.hexCursor)
        revealInGrammar(&s)
    }

    /// Moves the grammar cursor to the node of the selected field when its type is expanded.
    static func revealInGrammar(_ s: inout WorkbenchState) {
        guard let f = currentField(s) else { return }
        let t = s.annotations.mergedType(f.key.typeID)
        let rows = GrammarTree.rows(s)
        if let i = rows.firstIndex(where: { $0.typeID == t && $0.fieldOffset == f.offset }) {
            s.grammarCursor = i
        } else if let i = rows.firstIndex(where: { $0.id == t }) {
            s.grammarCursor = i
        }
    }

    /// Grammar node → selection: a field node selects that field (in a message of its type) and its bytes.
    static func selectGrammarNode(_ s: inout WorkbenchState) {
        let rows = GrammarTree.rows(s)
        guard s.grammarCursor < rows.count, let t = rows[s.grammarCursor].typeID else { return }
        if let m = s.selectedMessage, s.typeID(of: m) != t {
            // Jump to the first listed message of that type.
            for r in 0..<s.rowCount {
                if let i = s.messageIndex(atRow: r), s.typeID(of: i) == t {
                    s.selectedRow = r
                    break
                }
            }
        }
        if let off = rows[s.grammarCursor].fieldOffset, let fi = s.selectedFields.firstIndex(where: { $0.offset == off }) {
            s.selectedField = fi
            s.hexCursor = off
        }
    }

    // MARK: mouse

    static func handleMouse(_ s: inout WorkbenchState, _ m: MouseEvent) {
        if s.showHelp || s.showMetrics || !s.mode.isNormal { return }
        let l = WorkbenchLayout.compute(width: s.width, height: s.height, zoomed: s.zoomed)
        guard let p = l.pane(atX: m.x, y: m.y), let r = l.panes[p] else { return }
        switch m.kind {
        case .wheelUp, .wheelDown:
            let old = s.focus
            s.focus = p
            move(&s, m.kind == .wheelUp ? -3 : 3, vertical: true)
            s.focus = old
        case .click:
            s.focus = p
            let row = m.y - r.y - 1
            switch p {
            case .messages:
                let r0 = row - 1
                if r0 >= 0 { selectRow(&s, s.listTop + r0) }
            case .hex:
                let g = hexGeometry(s)
                let col = m.x - r.x - 1
                guard row >= 0, let msg = s.selectedMessage.flatMap({ s.message($0) }) else { return }
                var byte: Int?
                if col >= g.hexStart && col < g.hexStart + g.bytesPerRow * 3 { byte = (col - g.hexStart) / 3 }
                else if col >= g.asciiStart && col < g.asciiStart + g.bytesPerRow { byte = col - g.asciiStart }
                if let b = byte {
                    let o = (s.hexTop + row) * g.bytesPerRow + b
                    if o < msg.length {
                        s.hexCursor = o
                        syncFieldToCursor(&s)
                    }
                }
            case .fields:
                let i = s.fieldsTop + row - 1
                if i >= 0, i < s.selectedFields.count {
                    s.selectedField = i
                    s.hexCursor = s.selectedFields[i].offset
                    revealInGrammar(&s)
                }
            case .grammar:
                let i = s.grammarTop + row
                if i >= 0, i < GrammarTree.rows(s).count {
                    s.grammarCursor = i
                    selectGrammarNode(&s)
                }
            case .copilot: break
            }
        }
    }

    // MARK: rows and scrolling

    static func rebuildRows(_ s: inout WorkbenchState) {
        guard let c = s.capture else {
            s.rows = nil
            return
        }
        let keep = s.selectedMessage
        if s.filter.isEmpty && s.sort == .frame {
            s.rows = nil
        } else {
            let f = s.filter
            var r: [Int] = []
            for m in c.messages {
                if let t = f.typeID, s.typeID(of: m.index) != t { continue }
                if let fl = f.flowIndex, m.flowIndex != fl { continue }
                if let d = f.direction, m.direction != d { continue }
                if let v = f.verdict, s.verdict(of: m.index) != v { continue }
                if let p = f.pattern, BytePattern.find(p, in: m.payload) == nil { continue }
                r.append(m.index)
            }
            let msgs = c.messages
            switch s.sort {
            case .frame: break
            case .time: r.sort { (msgs[$0].timestamp, $0) < (msgs[$1].timestamp, $1) }
            case .length: r.sort { (msgs[$0].length, $0) < (msgs[$1].length, $1) }
            case .flow: r.sort { (msgs[$0].flowIndex, $0) < (msgs[$1].flowIndex, $1) }
            case .type:
                let types = r.map { s.typeID(of: $0) ?? "~" }
                var order = Array(r.indices)
                order.sort { (types[$0], r[$0]) < (types[$1], r[$1]) }
                r = order.map { r[$0] }
            }
            s.rows = r
        }
        if let keep {
            if let rows = s.rows { s.selectedRow = rows.firstIndex(of: keep) ?? 0 } else { s.selectedRow = keep }
        } else {
            s.selectedRow = 0
        }
    }

    static func hexGeometry(_ s: WorkbenchState) -> HexGeometry {
        let l = WorkbenchLayout.compute(width: s.width, height: s.height, zoomed: s.zoomed)
        let w = l.panes[.hex]?.width ?? s.width
        return HexGeometry(innerWidth: w - 2)
    }

    /// Keeps every cursor in range and on screen.
    static func clamp(_ s: inout WorkbenchState) {
        let l = WorkbenchLayout.compute(width: s.width, height: s.height, zoomed: s.zoomed)
        let n = s.rowCount
        s.selectedRow = n == 0 ? 0 : clampInt(s.selectedRow, 0, n - 1)
        if let r = l.panes[.messages] {
            let visible = max(1, r.height - 3)
            if s.selectedRow < s.listTop { s.listTop = s.selectedRow }
            if s.selectedRow >= s.listTop + visible { s.listTop = s.selectedRow - visible + 1 }
            s.listTop = clampInt(s.listTop, 0, max(0, n - 1))
        }
        let len = s.selectedMessage.flatMap { s.message($0)?.length } ?? 0
        s.hexCursor = len == 0 ? 0 : clampInt(s.hexCursor, 0, len - 1)
        // One selection: the selected field is always the one under the hex cursor.
        let fields = s.selectedFields
        let cursor = s.hexCursor
        func holdsCursor(_ f: DisplayField) -> Bool { cursor >= f.offset && cursor < max(f.end, f.offset + 1) }
        if !(s.selectedField.map { $0 < fields.count && holdsCursor(fields[$0]) } ?? false) {
            s.selectedField = fields.firstIndex(where: holdsCursor)
        }
        if let r = l.panes[.hex] {
            let g = HexGeometry(innerWidth: r.width - 2)
            let rows = HexView.byteRows(paneHeight: r.height)
            let cr = s.hexCursor / g.bytesPerRow
            if cr < s.hexTop { s.hexTop = cr }
            if cr >= s.hexTop + rows { s.hexTop = cr - rows + 1 }
        }
        if let r = l.panes[.fields], let f = s.selectedField {
            let visible = max(1, r.height - 3)
            if f < s.fieldsTop { s.fieldsTop = f }
            if f >= s.fieldsTop + visible { s.fieldsTop = f - visible + 1 }
        }
        if let r = l.panes[.grammar] {
            let visible = max(1, r.height - 2)
            let count = s.discovery == nil ? 0 : GrammarTree.rows(s).count
            s.grammarCursor = count == 0 ? 0 : clampInt(s.grammarCursor, 0, count - 1)
            if s.grammarCursor < s.grammarTop { s.grammarTop = s.grammarCursor }
            if s.grammarCursor >= s.grammarTop + visible { s.grammarTop = s.grammarCursor - visible + 1 }
        }
        if let z = s.zoomed, s.focus != z { s.focus = z }
    }

    static func clampInt(_ v: Int, _ lo: Int, _ hi: Int) -> Int { max(lo, min(hi, v)) }
}
