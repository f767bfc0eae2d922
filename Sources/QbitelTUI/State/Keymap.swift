/// Where a binding applies: everywhere, or only when a pane has focus.
public enum KeyContext: Sendable, Hashable {
    case global
    case pane(Pane)

    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .pane(let p): return p.title
        }
    }
}

/// One key binding with its help text.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: WorkbenchAction
    public var context: KeyContext
    public var help: String
    /// A one- or two-word label for the status bar's hints, for the most useful keys.
    public var hint: String?

    public init(_ keys: [Key], _ action: WorkbenchAction, _ context: KeyContext = .global, _ help: String,
                hint: String? = nil) {
        self.keys = keys
        self.action = action
        self.context = context
        self.help = help
        self.hint = hint
    }
}

/// The one table that drives key dispatch, the `?` overlay and the status-bar hints, so they cannot disagree.
public struct Keymap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The action for `key` with `pane` focused: pane bindings first, then global ones.
    public func action(for key: Key, in pane: Pane) -> WorkbenchAction? {
        for b in bindings where b.context == .pane(pane) && b.keys.contains(key) { return b.action }
        for b in bindings where b.context == .global && b.keys.contains(key) { return b.action }
        return nil
    }

    /// Hints for the status bar: the focused pane's first, then the global ones.
    public func hints(for pane: Pane) -> [(String, String)] {
        let mine = bindings.filter { $0.hint != nil && $0.context == .pane(pane) }
        let global = bindings.filter { $0.hint != nil && $0.context == .global }
        return (mine + global).map { ($0.keys.map(\.label).joined(separator: "/"), $0.hint ?? "") }
    }

    /// Lines of the help overlay, grouped by context.
    public func helpLines() -> [String] {
        var out: [String] = []
        var contexts: [KeyContext] = [.global]
        contexts += Pane.allCases.map { .pane($0) }
        for c in contexts {
            let bs = bindings.filter { $0.context == c }
            if bs.isEmpty { continue }
            if !out.isEmpty { out.append("") }
            out.append("## \(c.title)")
            for b in bs {
                out.append("  " + b.keys.map(\.label).joined(separator: " ").padded(22) + b.help)
            }
        }
        return out
    }

    public static let standard = Keymap(bindings: [
        KeyBinding([.char("q"), .ctrl("c")], .quit, .global, "quit (the terminal is restored)", hint: "quit"),
        KeyBinding([.char("?")], .help, .global, "this help (Esc closes, j/k scroll)", hint: "help"),
        KeyBinding([.char("P")], .metrics, .global, "metrics: discovery phases, cache, copilot latency and tokens (:metrics)"),
        KeyBinding([.tab], .nextPane, .global, "next pane", hint: "pane"),
        KeyBinding([.backTab], .previousPane, .global, "previous pane"),
        KeyBinding([.char("1")], .focus(.messages), .global, "focus Messages"),
        KeyBinding([.char("2")], .focus(.hex), .global, "focus Hex"),
        KeyBinding([.char("3")], .focus(.fields), .global, "focus Fields"),
        KeyBinding([.char("4")], .focus(.grammar), .global, "focus Grammar"),
        KeyBinding([.char("5")], .focus(.copilot), .global, "focus Copilot"),
        KeyBinding([.char("z")], .zoom, .global, "zoom the focused pane (again to restore)", hint: "zoom"),
        KeyBinding([.up, .char("k")], .up, .global, "up"),
        KeyBinding([.down, .char("j")], .down, .global, "down"),
        KeyBinding([.left, .char("h")], .left, .global, "left / collapse / previous byte"),
        KeyBinding([.right, .char("l")], .right, .global, "right / expand / next byte"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, .global, "page up"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, .global, "page down"),
        KeyBinding([.home, .char("g")], .top, .global, "first"),
        KeyBinding([.end, .char("G")], .bottom, .global, "last"),
        KeyBinding([.enter], .drillIn, .global, "drill in: message → bytes → field", hint: "drill in"),
        KeyBinding([.escape], .back, .global, "back: close overlay, cancel, unzoom"),
        KeyBinding([.char("/")], .search, .global, "search the focused pane (hex 0x01ff, \"text\")", hint: "search"),
        KeyBinding([.char("n")], .nextMatch, .global, "next match"),
        KeyBinding([.char("N")], .previousMatch, .global, "previous match"),
        KeyBinding([.char(":")], .commandLine, .global, "command line (Tab completes)", hint: "command"),
        KeyBinding([.char("f")], .filter, .global, "filter messages (:filter …)"),
        KeyBinding([.char("s")], .cycleSort, .global, "cycle the message sort order"),
        KeyBinding([.char("r")], .rename, .global, "rename the selected field (or type in Messages)"),
        KeyBinding([.char("K")], .changeKind, .global, "change the selected field's kind"),
        KeyBinding([.char("c")], .comment, .global, "comment on the selected message"),
        KeyBinding([.char("m")], .bookmark, .global, "bookmark the selected message"),
        KeyBinding([.char("'")], .nextBookmark, .global, "jump to the next bookmark"),
        KeyBinding([.char("M")], .merge, .global, "merge the selected type into another (:merge)"),
        KeyBinding([.char("S")], .split, .global, "split the selected type by the byte under the hex cursor"),
        KeyBinding([.char("u")], .undo, .global, "undo the last analyst edit"),
        KeyBinding([.ctrl("r")], .redo, .global, "redo"),
        KeyBinding([.char("R")], .rerunDiscovery, .global, "re-run discovery in the background"),
        KeyBinding([.char("E")], .export, .global, "export the result (:export PATH)"),
        KeyBinding([.ctrl("l")], .redraw, .global, "redraw the screen"),
        KeyBinding([.ctrl("z")], .suspend, .global, "suspend (fg resumes)"),
        KeyBinding([.char("i"), .enter], .compose, .pane(.copilot), "write a question (Enter sends, Ctrl-J new line)",
                   hint: "ask"),
        KeyBinding([.char("e")], .quickAction("e"), .pane(.copilot), "quick action: explain the selected message and its fields"),
        KeyBinding([.char("t")], .quickAction("t"), .pane(.copilot), "quick action: suggest names for the fields (JSON, then accept or reject each)"),
        KeyBinding([.char("d")], .quickAction("d"), .pane(.copilot), "quick action: suggest field kinds (JSON, then accept or reject each)"),
        KeyBinding([.char("w")], .quickAction("w"), .pane(.copilot), "quick action: guess which known protocol this is"),
        KeyBinding([.char("a")], .accept, .pane(.copilot), "accept the copilot's suggestion", hint: "accept"),
        KeyBinding([.char("x")], .reject, .pane(.copilot), "reject the copilot's suggestion"),
    ])
}
