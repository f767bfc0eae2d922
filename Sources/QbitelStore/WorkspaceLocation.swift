import Foundation

/// Where the workspace file lives: `--workspace PATH` if given, else the XDG data directory.
///
/// Every command and the workbench resolve the path through here so they all meet in the same file by default.
public enum WorkspaceLocation {
    /// The file name inside `$XDG_DATA_HOME/qbitel/`.
    public static let fileName = "workspace.sqlite"

    /// `override` when given; else `$XDG_DATA_HOME/qbitel/workspace.sqlite` when that variable holds an absolute path
    /// (the XDG rule: relative values are ignored); else `$HOME/.local/share/qbitel/workspace.sqlite`.
    public static func resolve(override: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let override, !override.isEmpty { return expandTilde(override, environment: environment) }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return join(xdg, "qbitel/\(fileName)")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return join(home, ".local/share/qbitel/\(fileName)")
    }

    private static func join(_ dir: String, _ rest: String) -> String {
        dir.hasSuffix("/") ? dir + rest : dir + "/" + rest
    }

    private static func expandTilde(_ p: String, environment: [String: String]) -> String {
        guard p == "~" || p.hasPrefix("~/"), let home = environment["HOME"] else { return p }
        return home + p.dropFirst()
    }
}
