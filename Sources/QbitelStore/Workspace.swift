import GRDB
import QbitelEngine

/// The analyst's workspace: one SQLite file holding runs, grammars, annotations, chats and the audit log.
public final class Workspace: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        do {
            pool = try DatabasePool(path: path)
        } catch {
            throw QbitelError(.workspaceCorrupt, "cannot open workspace \(path): \(error)")
        }
    }

    /// SQLite's own version, for `qbitel doctor`.
    public func sqliteVersion() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?" }
    }
}
