import QbitelEngine

/// The `:` command line, the `/` search line and prompts: editing, Tab completion and execution.
public enum WorkbenchCommands {
    /// Every command with its argument hint, for completion and the help overlay.
    public static let commands: [(name: String, args: String, help: String)] = [
        ("filter", "type T|flow N|dir c2s|s2c|verdict valid|invalid|bytes HEX|text TEXT|clear", "filter the message list"),
        ("sort", "frame|time|length|type|flow", "order the message list"),
        ("goto", "FRAME", "jump to a frame number (or type just the number)"),
        ("rename", "NAME", "rename the selected field (type in the Messages pane)"),
        ("rename-type", "NAME", "rename the selected message's type"),
        ("kind", "KIND", "change the selected field's kind"),
        ("comment", "TEXT", "comment on the selected message"),
        ("bookmark", "", "toggle a bookmark on the selected message"),
        ("merge", "FROM INTO", "merge type FROM into type INTO"),
        ("split", "[OFFSET]", "split the selected type by the byte at OFFSET (default: hex cursor)"),
        ("undo", "", "undo the last edit"),
        ("redo", "", "redo"),
        ("rerun", "", "re-run discovery"),
        ("export", "PATH", "export by the file's extension: .lua Wireshark dissector, .ksy Kaitai Struct, else JSON"),
        ("theme", "NAME|PATH", "switch theme"),
        ("zoom", "", "zoom the focused pane"),
        ("help", "", "show every key"),
        ("metrics", "", "show the metrics screen"),
        ("quit", "", "leave the workbench"),
    ]

    static func handleLineKey(_ s: inout WorkbenchState, _ k: Key) -> [WorkbenchEffect] {
        var text: String
        switch s.mode {
        case .normal: return []
        case .search(let t), .command(let t), .prompt(_, let t): text = t
        }
        switch k {
        case .escape:
            s.mode = .normal
            s.completions = []
            return []
        case .enter:
            let mode = s.mode
            s.mode = .normal
            s.completions = []
            return execute(&s, mode)
        case .backspace, .delete:
            if text.isEmpty {
                s.mode = .normal
                return []
            }
            text.removeLast()
        case .tab:
            if case .command = s.mode { text = complete(s, text, &s.completions) }
        case .char(let c):
            if text.count < 1000 { text.append(c) }
        default:
            return []
        }
        switch s.mode {
        case .search: s.mode = .search(text)
        case .command: s.mode = .command(text)
        case .prompt(let p, _): s.mode = .prompt(p, text)
        case .normal: break
        }
        return []
    }

    static func execute(_ s: inout WorkbenchState, _ mode: InputMode) -> [WorkbenchEffect] {
        switch mode {
        case .normal: return []
        case .search(let t):
            if s.focus == .fields || s.focus == .grammar {
                s.lastSearch = nil
                s.lastSearchLabel = t
            } else {
                guard let p = BytePattern.parse(t) else { return [] }
                s.lastSearch = p.bytes
                s.lastSearchLabel = p.label
            }
            search(&s, forward: true, includeCurrent: true)
            return []
        case .prompt(let kind, let t):
            let text = t.trimmingCharacters(in: .whitespaces)
            switch kind {
            case .renameField:
                guard let f = WorkbenchReducer.currentField(s), !text.isEmpty else { return [] }
                return record(&s, .renameField(f.key, text))
            case .renameType:
                guard let m = s.selectedMessage, let ty = s.typeID(of: m), !text.isEmpty else { return [] }
                return record(&s, .renameType(ty, text))
            case .comment:
                guard let m = s.selectedMessage else { return [] }
                return record(&s, .comment(m, text))
            }
        case .command(let line):
            return run(&s, line)
        }
    }

    static func record(_ s: inout WorkbenchState, _ e: AnnotationEdit) -> [WorkbenchEffect] {
        s.record(e)
        WorkbenchReducer.rebuildRows(&s)
        return [.persist(e)]
    }

    static func fail(_ s: inout WorkbenchState, _ m: String) -> [WorkbenchEffect] {
        s.notice = m
        s.noticeIsError = true
        return []
    }

    /// Runs one command line.
    public static func run(_ s: inout WorkbenchState, _ line: String) -> [WorkbenchEffect] {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let cmd = words.first else { return [] }
        let rest = words.dropFirst().joined(separator: " ")
        if let frame = Int(cmd) { return goto(&s, frame) }
        switch cmd {
        case "q", "quit":
            s.shouldQuit = true
            return [.quit]
        case "help": s.showHelp = true
        case "metrics": WorkbenchReducer.openMetrics(&s)
        case "zoom": s.zoomed = s.zoomed == nil ? s.focus : nil
        case "goto":
            guard let f = Int(rest) else { return fail(&s, "goto needs a frame number") }
            return goto(&s, f)
        case "filter": return filter(&s, Array(words.dropFirst()))
        case "sort":
            guard let k = MessageSort(rawValue: rest) else {
                return fail(&s, "sort by one of: \(MessageSort.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            s.sort = k
            WorkbenchReducer.rebuildRows(&s)
        case "rename", "rename-type":
            guard !rest.isEmpty else { return fail(&s, "\(cmd) needs a name") }
            if cmd == "rename", s.focus != .messages, let f = WorkbenchReducer.currentField(s) {
                return record(&s, .renameField(f.key, rest))
            }
            guard let m = s.selectedMessage, let t = s.typeID(of: m) else { return fail(&s, "no message selected") }
            return record(&s, .renameType(t, rest))
        case "kind":
            guard let kind = FieldKind(rawValue: rest) else {
                return fail(&s, "kind must be one of: \(FieldKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let f = WorkbenchReducer.currentField(s) else { return fail(&s, "select a field first") }
            return record(&s, .changeKind(f.key, kind))
        case "comment":
            guard let m = s.selectedMessage else { return fail(&s, "no message selected") }
            return record(&s, .comment(m, rest))
        case "bookmark":
            guard let m = s.selectedMessage else { return fail(&s, "no message selected") }
            return record(&s, .bookmark(m, !s.annotations.bookmarks.contains(m)))
        case "merge":
            let args = Array(words.dropFirst())
            guard args.count == 2 else { return fail(&s, "merge FROM INTO") }
            let known = Set(s.discovery?.types.map(\.id) ?? [])
            guard known.contains(args[0]) || args[0].contains("."), known.contains(args[1]) || args[1].contains(".") else {
                return fail(&s, "unknown type in 'merge \(args[0]) \(args[1])'")
            }
            return record(&s, .merge(args[0], into: args[1]))
        case "split":
            guard let m = s.selectedMessage, let inf = s.inference(m) else { return fail(&s, "no typed message selected") }
            let off = Int(rest) ?? s.hexCursor
            return record(&s, .split(inf.typeID, offset: off))
        case "undo": return WorkbenchReducer.undo(&s)
        case "redo": return WorkbenchReducer.redo(&s)
        case "rerun": return WorkbenchReducer.perform(&s, .rerunDiscovery)
        case "export":
            guard !rest.isEmpty else { return fail(&s, "export needs a path") }
            guard s.discovery != nil else { return fail(&s, "discovery has not finished yet") }
            return [.export(path: rest)]
        case "theme":
            guard !rest.isEmpty else { return fail(&s, "theme needs a name or path") }
            return [.loadTheme(rest)]
        default:
            return fail(&s, "unknown command '\(cmd)' (Tab completes, ? lists keys)")
        }
        return []
    }

    static func goto(_ s: inout WorkbenchState, _ frame: Int) -> [WorkbenchEffect] {
        guard let c = s.capture else { return [] }
        for r in 0..<s.rowCount {
            if let i = s.messageIndex(atRow: r), c.messages[i].frame >= frame {
                WorkbenchReducer.selectRow(&s, r)
                s.focus = .messages
                return []
            }
        }
        return fail(&s, "no listed message at or after frame \(frame)")
    }

    static func filter(_ s: inout WorkbenchState, _ a: [String]) -> [WorkbenchEffect] {
        guard let what = a.first else { return fail(&s, "filter type|flow|dir|verdict|bytes|text|clear") }
        let v = a.dropFirst().joined(separator: " ")
        switch what {
        case "clear": s.filter = MessageFilter()
        case "type":
            guard !v.isEmpty else { return fail(&s, "filter type needs a type id") }
            s.filter.typeID = v
        case "flow":
            guard let n = Int(v), n >= 1 else { return fail(&s, "filter flow needs a flow number (1-based)") }
            s.filter.flowIndex = n - 1
        case "dir":
            guard let d = Direction(rawValue: v) else { return fail(&s, "filter dir c2s or s2c") }
            s.filter.direction = d
        case "verdict":
            guard let d = VerdictMark(rawValue: v) else { return fail(&s, "filter verdict valid, invalid or unknown") }
            s.filter.verdict = d
        case "bytes", "text":
            let p = what == "text" ? (v.isEmpty ? nil : (Array(v.utf8), "\"\(v)\"")) : BytePattern.parse(v)
            guard let p else { return fail(&s, "filter \(what) needs a pattern") }
            s.filter.pattern = p.0
            s.filter.patternLabel = p.1
        default:
            return fail(&s, "filter type|flow|dir|verdict|bytes|text|clear")
        }
        WorkbenchReducer.rebuildRows(&s)
        s.notice = s.filter.isEmpty ? "filter cleared" : "filter: \(s.filter.summary) — \(s.rowCount) messages"
        s.noticeIsError = false
        return []
    }

    /// Completes the command line; `candidates` receives the options when more than one fits.
    public static func complete(_ s: WorkbenchState, _ text: String, _ candidates: inout [String]) -> String {
        let endsWithSpace = text.hasSuffix(" ")
        var words = text.split(separator: " ").map(String.init)
        if endsWithSpace || words.isEmpty { words.append("") }
        let options: [String]
        if words.count == 1 {
            options = commands.map(\.name)
        } else {
            switch (words[0], words.count) {
            case ("filter", 2): options = ["type", "flow", "dir", "verdict", "bytes", "text", "clear"]
            case ("filter", 3) where words[1] == "type": options = typeIDs(s)
            case ("filter", 3) where words[1] == "dir": options = Direction.allCases.map(\.rawValue)
            case ("filter", 3) where words[1] == "verdict": options = VerdictMark.allCases.map(\.rawValue)
            case ("sort", 2): options = MessageSort.allCases.map(\.rawValue)
            case ("kind", 2): options = FieldKind.allCases.map(\.rawValue)
            case ("merge", 2), ("merge", 3): options = typeIDs(s)
            case ("theme", 2): options = BuiltinThemes.all.keys.sorted()
            default: options = []
            }
        }
        let partial = words.last!
        let matches = options.filter { $0.hasPrefix(partial) }
        candidates = matches.count > 1 ? matches : []
        guard !matches.isEmpty else { return text }
        var common = matches[0]
        for m in matches.dropFirst() {
            while !m.hasPrefix(common) { common.removeLast() }
        }
        words[words.count - 1] = common
        return words.joined(separator: " ") + (matches.count == 1 ? " " : "")
    }

    static func typeIDs(_ s: WorkbenchState) -> [String] { s.discovery?.types.map(\.id) ?? [] }

    /// `/`, `n`, `N`: bytes in Messages and Hex (within the message first), names in Fields and Grammar.
    static func search(_ s: inout WorkbenchState, forward: Bool, includeCurrent: Bool = false) {
        switch s.focus {
        case .fields, .grammar, .copilot:
            guard let t = s.lastSearchLabel?.lowercased(), !t.isEmpty else { return }
            if s.focus == .grammar {
                let rows = GrammarTree.rows(s)
                guard !rows.isEmpty else { return }
                for step in (includeCurrent ? 0 : 1)...rows.count {
                    let i = ((s.grammarCursor + (forward ? step : -step)) % rows.count + rows.count) % rows.count
                    if rows[i].label.lowercased().contains(t) {
                        s.grammarCursor = i
                        WorkbenchReducer.selectGrammarNode(&s)
                        return
                    }
                }
            } else {
                let fs = s.selectedFields
                guard !fs.isEmpty else { return }
                let cur = s.selectedField ?? 0
                for step in (includeCurrent ? 0 : 1)...fs.count {
                    let i = ((cur + (forward ? step : -step)) % fs.count + fs.count) % fs.count
                    if fs[i].name.lowercased().contains(t) || fs[i].kind.rawValue.contains(t) {
                        s.selectedField = i
                        s.hexCursor = fs[i].offset
                        return
                    }
                }
            }
            notFound(&s)
        case .messages, .hex:
            guard let p = s.lastSearch, let c = s.capture else { return }
            if s.focus == .hex, let m = s.selectedMessage, forward {
                if let o = BytePattern.find(p, in: c.messages[m].payload, from: s.hexCursor + (includeCurrent ? 0 : 1)) {
                    s.hexCursor = o
                    WorkbenchReducer.syncFieldToCursor(&s)
                    return
                }
            }
            let n = s.rowCount
            guard n > 0 else { return }
            for step in (includeCurrent && s.focus == .messages ? 0 : 1)...n {
                let r = ((s.selectedRow + (forward ? step : -step)) % n + n) % n
                guard let i = s.messageIndex(atRow: r), let o = BytePattern.find(p, in: c.messages[i].payload) else { continue }
                WorkbenchReducer.selectRow(&s, r)
                s.hexCursor = o
                WorkbenchReducer.syncFieldToCursor(&s)
                s.notice = "match in frame \(c.messages[i].frame) at byte \(o)"
                s.noticeIsError = false
                return
            }
            notFound(&s)
        }
    }

    static func notFound(_ s: inout WorkbenchState) {
        s.notice = "no match for \(s.lastSearchLabel ?? "")"
        s.noticeIsError = true
    }
}
