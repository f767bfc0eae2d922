import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Appends an audit entry inside the caller's transaction, so the log and the change commit together.
    func audit(_ db: Database, action: String, resourceType: String, resourceID: String, details: [String: String] = [:],
               correlationID: String? = nil) throws {
        let json = String(decoding: try Workspace.jsonEncoder.encode(details), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO audit_log (time, user, action, resourceType, resourceId, details, correlationId)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [Date().timeIntervalSince1970, user, action, resourceType, resourceID, json, correlationID])
    }

    /// Records an action that changed nothing in the workspace (an export, a copilot call) in the audit log.
    public func recordAudit(action: String, resourceType: String, resourceID: String, details: [String: String] = [:],
                            correlationID: String? = nil) throws {
        try write("write the audit log") { db in
            try audit(db, action: action, resourceType: resourceType, resourceID: resourceID, details: details,
                      correlationID: correlationID)
        }
    }

    /// Audit entries, newest first, optionally only one action, user or resource, and only since a time.
    public func auditLog(action: String? = nil, user: String? = nil, resourceType: String? = nil, resourceID: String? = nil,
                         since: Date? = nil, limit: Int = 100) throws -> [AuditEntry] {
        var clauses: [String] = []
        var args: [(any DatabaseValueConvertible)?] = []
        if let action { clauses.append("action = ?"); args.append(action) }
        if let user { clauses.append("user = ?"); args.append(user) }
        if let resourceType { clauses.append("resourceType = ?"); args.append(resourceType) }
        if let resourceID { clauses.append("resourceId = ?"); args.append(resourceID) }
        if let since { clauses.append("time >= ?"); args.append(since.timeIntervalSince1970) }
        let whereSQL = clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND ")
        args.append(limit)
        return try read("read the audit log") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log\(whereSQL) ORDER BY time DESC, id DESC LIMIT ?",
                             arguments: StatementArguments(args)).map { row in
                let detailsText: String = row["details"]
                let details = (try? Workspace.jsonDecoder.decode([String: String].self, from: Data(detailsText.utf8))) ?? [:]
                return AuditEntry(id: row["id"], time: Date(timeIntervalSince1970: row["time"]), user: row["user"],
                                  action: row["action"], resourceType: row["resourceType"], resourceID: row["resourceId"],
                                  details: details, correlationID: row["correlationId"])
            }
        }
    }

    /// A fresh encoder with sorted keys, so equal values give equal JSON (used as cache keys).
    static var jsonEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }

    static var jsonDecoder: JSONDecoder { JSONDecoder() }
}
