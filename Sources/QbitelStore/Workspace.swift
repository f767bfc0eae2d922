#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import QbitelEngine

/// The analyst's workspace: one SQLite file holding captures, discovery runs, grammars, annotations, copilot
/// conversations, classifier models and the audit log.
///
/// The file is opened in WAL mode with foreign keys on and a busy timeout, so the CLI and the workbench can use it at
/// the same time. Opening never changes a file it refuses: a newer schema (9001) or a non-SQLite file (9002) is
/// detected through a read-only probe before anything is written.
public final class Workspace: Sendable {
    /// How the file is opened.
    public enum Access: String, Sendable {
        /// Create if missing, upgrade the schema, allow writes.
        case readWrite
        /// Never write; for a read-only file or a full disk, so the workbench stays usable.
        case readOnly
    }

    public let path: String
    public let access: Access
    /// The OS user recorded in the audit log.
    public let user: String
    let pool: DatabasePool

    /// How long a writer waits for another process's transaction before error 9011.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (and for `.readWrite` creates with mode 0600 and migrates) the workspace at `path`.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        self.access = access
        self.user = Workspace.currentUser()
        let exists = try Workspace.checkFile(path: path, access: access)
        if access == .readWrite && !exists { try Workspace.createFile(path: path) }
        let applied = try Workspace.probe(path: path, access: access)
        var config = Configuration()
        config.readonly = access == .readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(Workspace.busyTimeout)
        config.label = "workspace"
        config.prepareDatabase { db in
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw WorkspaceErrors.map(error, path: path, doing: "open")
        }
        if access == .readWrite {
            // When the probe saw every migration applied there is nothing to upgrade, and no write lock to take to
            // find that out again.
            if applied != Set(WorkspaceSchema.versions) {
                do {
                    try WorkspaceSchema.migrator().migrate(pool)
                } catch {
                    throw WorkspaceErrors.map(error, path: path, doing: "upgrade the schema")
                }
            }
        } else {
            let version = try schemaVersion()
            if version < WorkspaceSchema.current {
                throw QbitelError(.workspaceReadOnly, "workspace \(path) has schema version \(version) and needs an upgrade, which a read-only open cannot do",
                                  details: ["path": path])
            }
        }
    }

    /// Opens for writing when possible, else read-only (a read-only file, folder or full disk), so the workbench stays
    /// usable; `fallbackReason` says why it is read-only.
    public static func openPreferringWrite(path: String) throws -> (workspace: Workspace, fallbackReason: QbitelError?) {
        do {
            return (try Workspace(path: path, access: .readWrite), nil)
        } catch let e as QbitelError where e.code == .workspaceReadOnly || e.code == .diskFull {
            return (try Workspace(path: path, access: .readOnly), e)
        }
    }

    /// Closes the file now (it also closes when the last reference goes), checkpointing the WAL into it.
    public func close() throws {
        do { try pool.close() } catch { throw WorkspaceErrors.map(error, path: path, doing: "close") }
    }

    /// SQLite's own version, for `qbitel doctor`.
    public func sqliteVersion() throws -> String {
        try read("read the SQLite version") { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "?" }
    }

    /// How many migrations the file has applied.
    public func schemaVersion() throws -> Int {
        try read("read the schema version") { db in
            try WorkspaceSchema.migrator().appliedIdentifiers(db).count
        }
    }

    // MARK: - Access helpers

    /// Runs `body` in one write transaction; SQLite and file errors become typed errors naming the file.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        guard access == .readWrite else {
            throw QbitelError(.workspaceReadOnly, "workspace \(path) is open read-only; cannot \(action)", details: ["path": path])
        }
        do {
            return try pool.write(body)
        } catch {
            throw WorkspaceErrors.map(error, path: path, doing: action)
        }
    }

    /// Runs `body` on a snapshot; never blocks on a writer.
    func read<T>(_ action: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch {
            throw WorkspaceErrors.map(error, path: path, doing: action)
        }
    }

    // MARK: - Opening

    static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Returns whether the file exists; refuses non-files and files that are not SQLite, without touching them.
    private static func checkFile(path: String, access: Access) throws -> Bool {
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ENOENT {
                if access == .readOnly { throw QbitelError(.fileNotFound, "workspace \(path) does not exist", details: ["path": path]) }
                return false
            }
            throw WorkspaceErrors.errno(errno, path: path, doing: "open")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw QbitelError(.workspaceCorrupt, "workspace \(path) is not a regular file", details: ["path": path])
        }
        if st.st_size > 0 {
            guard let fh = FileHandle(forReadingAtPath: path) else {
                throw QbitelError(.ioError, "cannot read workspace \(path)", details: ["path": path])
            }
            defer { try? fh.close() }
            let head = (try? fh.read(upToCount: 16)) ?? Data()
            guard Array(head) == sqliteHeader else {
                throw QbitelError(.workspaceCorrupt, "\(path) is not a SQLite workspace (bad header); it was left untouched", details: ["path": path])
            }
        }
        if access == .readWrite {
            // Permission bits first: root passes access(2) even on a 0444 file, but the analyst meant it read-only.
            if st.st_mode & 0o222 == 0 || Foundation.access(path, W_OK) != 0 {
                throw QbitelError(.workspaceReadOnly, "workspace \(path) is a read-only file; open it read-only", details: ["path": path])
            }
            let dir = (path as NSString).deletingLastPathComponent
            if Foundation.access(dir.isEmpty ? "." : dir, W_OK) != 0 {
                throw QbitelError(.workspaceReadOnly, "the folder of workspace \(path) is read-only; open it read-only", details: ["path": path])
            }
        }
        return true
    }

    /// Creates the folder (0700) and an empty file with mode 0600, before SQLite sees it.
    private static func createFile(path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw QbitelError(.workspaceReadOnly, "cannot create the folder of workspace \(path): \(error.localizedDescription)", details: ["path": path])
            }
        }
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw WorkspaceErrors.errno(errno, path: path, doing: "create")
        }
        fchmod(fd, 0o600)
        _ = Glibc.close(fd)
    }

    /// Reads the applied migrations through a read-only connection: refuses newer and corrupt files unchanged.
    /// Returns the migrations applied (none for a new, empty file).
    @discardableResult
    private static func probe(path: String, access: Access) throws -> Set<String> {
        var st = stat()
        if stat(path, &st) == 0 && st.st_size == 0 { return [] }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(busyTimeout)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let applied: Set<String> = try queue.read { db in
                _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
                guard try db.tableExists("grdb_migrations") else { return [] }
                return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            }
            let unknown = applied.subtracting(WorkspaceSchema.versions)
            if !unknown.isEmpty {
                throw QbitelError(.workspaceNewerSchema,
                                  "workspace \(path) was written by a newer version of qbitel (schema \(unknown.sorted().joined(separator: ", "))); it was left untouched",
                                  details: ["path": path])
            }
            return applied
        } catch let e as QbitelError {
            throw e
        } catch {
            throw WorkspaceErrors.map(error, path: path, doing: "open")
        }
    }

    static func currentUser() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
    }
}
