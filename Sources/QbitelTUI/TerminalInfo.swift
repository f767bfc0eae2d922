import CNCurses

/// Versions of what the workbench draws with, for `qbitel doctor`.
public enum TerminalInfo {
    public static var cursesVersion: String { String(cString: cn_curses_version()) }
}
