import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Runs `PRAGMA integrity_check` and `PRAGMA foreign_key_check`; reads only.
    public func check() throws -> WorkspaceCheckReport {
        try read("check the workspace") { db in
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { r -> String in
                let table: String = r[0]
                let rowid: Int64? = r[1]
                let parent: String = r[2]
                return "\(table) row \(rowid.map(String.init) ?? "?") → missing \(parent)"
            }
            let version = try WorkspaceSchema.migrator().appliedIdentifiers(db).count
            return WorkspaceCheckReport(integrity: integrity, foreignKeyViolations: fk, schemaVersion: version,
                                        latestSchemaVersion: WorkspaceSchema.current)
        }
    }

    /// Removes runs finished before `cutoff`, except each capture's newest run; then captures not opened since the
    /// cutoff whose runs are all older and that hold nothing an analyst made (grammar, annotation, conversation).
    /// Audit entries are kept unless `includeAudit`. With `dryRun` the same deletions run and are rolled back, so the
    /// counts say exactly what would go.
    public func prune(olderThan cutoff: Date, includeAudit: Bool = false, dryRun: Bool = false,
                      correlationID: String? = nil) throws -> PruneReport {
        guard access == .readWrite else {
            throw QbitelError(.workspaceReadOnly, "workspace \(path) is open read-only; cannot prune", details: ["path": path])
        }
        let t = cutoff.timeIntervalSince1970
        var report = PruneReport(runsRemoved: 0, capturesRemoved: 0, auditEntriesRemoved: 0)
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction {
                    let runsBefore = try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0
                    try db.execute(sql: """
                        DELETE FROM run WHERE finishedAt < ? AND id NOT IN (
                          SELECT (SELECT r2.id FROM run r2 WHERE r2.captureId = c.id ORDER BY r2.finishedAt DESC, r2.id DESC LIMIT 1)
                          FROM capture c)
                        """, arguments: [t])
                    try db.execute(sql: """
                        DELETE FROM capture WHERE lastOpenedAt < ?
                          AND NOT EXISTS (SELECT 1 FROM grammar g WHERE g.captureId = capture.id)
                          AND NOT EXISTS (SELECT 1 FROM annotation a WHERE a.captureId = capture.id)
                          AND NOT EXISTS (SELECT 1 FROM copilot_conversation v WHERE v.captureId = capture.id)
                          AND NOT EXISTS (SELECT 1 FROM run r WHERE r.captureId = capture.id AND r.finishedAt >= ?)
                        """, arguments: [t, t])
                    report.capturesRemoved = db.changesCount
                    report.runsRemoved = runsBefore - (try Int.fetchOne(db, sql: "SELECT count(*) FROM run") ?? 0)
                    if includeAudit {
                        try db.execute(sql: "DELETE FROM audit_log WHERE time < ?", arguments: [t])
                        report.auditEntriesRemoved = db.changesCount
                    }
                    if dryRun { return .rollback }
                    try audit(db, action: "workspace.prune", resourceType: "workspace", resourceID: path,
                              details: ["cutoff": String(t), "runs": String(report.runsRemoved),
                                        "captures": String(report.capturesRemoved), "audit": String(report.auditEntriesRemoved)],
                              correlationID: correlationID)
                    return .commit
                }
            }
        } catch {
            throw WorkspaceErrors.map(error, path: path, doing: "prune")
        }
        return report
    }
}
