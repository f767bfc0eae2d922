import Foundation
import QbitelEngine

/// Finds a theme by name or path. A broken or missing theme never stops the workbench: the default is used and
/// the error (9007) is handed back for the status bar and stderr.
public enum ThemeLoader {
    public struct Outcome: Sendable {
        public var theme: Theme
        public var error: QbitelError?
    }

    /// `spec` is a file path (contains `/` or ends in `.theme`) or a name looked up in `searchDirectories`, then
    /// among the built-in themes.
    public static func load(_ spec: String?, searchDirectories: [String] = defaultSearchDirectories()) -> Outcome {
        guard let spec, !spec.isEmpty else { return Outcome(theme: .dark, error: nil) }
        do {
            return Outcome(theme: try loadOrThrow(spec, searchDirectories: searchDirectories), error: nil)
        } catch let e as QbitelError {
            return Outcome(theme: .dark, error: e)
        } catch {
            return Outcome(theme: .dark, error: QbitelError(.themeInvalid, "theme \(spec): \(error)"))
        }
    }

    public static func loadOrThrow(_ spec: String, searchDirectories: [String]) throws -> Theme {
        let isPath = spec.contains("/") || spec.hasSuffix(".theme")
        if isPath {
            guard let data = FileManager.default.contents(atPath: spec) else {
                throw QbitelError(.themeInvalid, "theme file \(spec) cannot be read")
            }
            return try ThemeParser.parse(String(decoding: data, as: UTF8.self), source: spec)
        }
        for dir in searchDirectories {
            let p = "\(dir)/\(spec).theme"
            if let data = FileManager.default.contents(atPath: p) {
                return try ThemeParser.parse(String(decoding: data, as: UTF8.self), source: p)
            }
        }
        if let text = BuiltinThemes.all[spec] { return try ThemeParser.parse(text, source: spec) }
        let known = BuiltinThemes.all.keys.sorted().joined(separator: ", ")
        throw QbitelError(.themeInvalid, "no theme named '\(spec)' (built in: \(known))")
    }

    /// `./themes` and `$XDG_CONFIG_HOME/qbitel/themes` (or `~/.config/qbitel/themes`).
    public static func defaultSearchDirectories() -> [String] {
        let env = ProcessInfo.processInfo.environment
        let config = env["XDG_CONFIG_HOME"] ?? ((env["HOME"] ?? "/root") + "/.config")
        return [FileManager.default.currentDirectoryPath + "/themes", config + "/qbitel/themes"]
    }
}
