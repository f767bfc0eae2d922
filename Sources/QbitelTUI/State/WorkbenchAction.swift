/// What a key does. One `Keymap` table maps keys to these, and also feeds the help overlay and key hints.
public enum WorkbenchAction: Sendable, Hashable {
    case quit, help, metrics, nextPane, previousPane, focus(Pane), zoom, redraw, suspend
    case up, down, left, right, pageUp, pageDown, top, bottom
    case drillIn, back
    case search, nextMatch, previousMatch, commandLine
    case rename, changeKind, comment, bookmark, undo, redo, rerunDiscovery, export, merge, split, filter, cycleSort
    case nextBookmark
    case compose, accept, reject, quickAction(Character)
}
