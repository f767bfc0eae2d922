import Foundation
import Logging

/// Where logs go and at what level: `$XDG_STATE_HOME/qbitel/qbitel.log`, level from `--log-level` or `QBITEL_LOG_LEVEL`.
public enum LogSetup {
    /// The log file path under the XDG state directory.
    public static func defaultPath(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.local/state")
        return base + "/qbitel/qbitel.log"
    }

    /// Parses a level name; unknown names give nil.
    public static func level(_ name: String?) -> Logger.Level? {
        guard let n = name?.lowercased() else { return nil }
        return Logger.Level(rawValue: n == "warn" ? "warning" : n)
    }

    /// Installs the JSON file handler for the whole process (swift-log allows this once). Returns the file for flushing.
    @discardableResult
    public static func bootstrap(level: Logger.Level? = nil, path: String? = nil,
                                 environment env: [String: String] = ProcessInfo.processInfo.environment) -> LogFile? {
        let lvl = level ?? self.level(env["QBITEL_LOG_LEVEL"]) ?? .info
        guard let file = try? LogFile(path: path ?? defaultPath(environment: env)) else {
            LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
            return nil
        }
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, file: file, level: lvl) }
        return file
    }

    /// A short random id for one discovery run or copilot request.
    public static func newCorrelationID() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}
