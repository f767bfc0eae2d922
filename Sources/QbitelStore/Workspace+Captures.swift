import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// The capture's fingerprint, reusing the stored hash when path, size, mtime and inode are unchanged (so reopening
    /// a big capture does not re-read it); otherwise hashes the file.
    public func fingerprint(path: String) throws -> FileFingerprint {
        let absolute = Workspace.absolutePath(path)
        if let facts = FileFingerprint.facts(path: absolute) {
            let known: String? = try read("look up a capture") { db in
                try String.fetchOne(db, sql: """
                    SELECT sha256 FROM capture WHERE path = ? AND size = ? AND fileModified = ? AND fileInode = ?
                    ORDER BY lastOpenedAt DESC LIMIT 1
                    """, arguments: [absolute, facts.size, facts.modified, Int64(bitPattern: facts.inode)])
            }
            if let known {
                return FileFingerprint(path: absolute, sha256: known, size: facts.size, modified: facts.modified, inode: facts.inode)
            }
        }
        return try FileFingerprint.compute(path: absolute)
    }

    /// Records (or refreshes) a capture and returns its row id.
    @discardableResult
    public func recordCapture(_ identity: CaptureIdentity, correlationID: String? = nil) throws -> Int64 {
        try write("record a capture") { db in
            let id = try Workspace.upsertCapture(identity, db)
            try audit(db, action: "capture.open", resourceType: "capture", resourceID: identity.fingerprint.sha256,
                      details: ["path": identity.fingerprint.path], correlationID: correlationID)
            return id
        }
    }

    static func upsertCapture(_ c: CaptureIdentity, _ db: Database) throws -> Int64 {
        let fp = c.fingerprint
        let now = Date().timeIntervalSince1970
        let links = c.linkTypes.map(String.init).joined(separator: ",")
        let fileName = (fp.path as NSString).lastPathComponent
        try db.execute(sql: """
            INSERT INTO capture (sha256, path, fileName, size, format, linkTypes, firstTime, lastTime, frameCount,
                                 messageCount, fileModified, fileInode, addedAt, lastOpenedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(sha256) DO UPDATE SET
              path = excluded.path, fileName = excluded.fileName, size = excluded.size,
              format = coalesce(excluded.format, format),
              linkTypes = CASE WHEN excluded.linkTypes = '' THEN linkTypes ELSE excluded.linkTypes END,
              firstTime = coalesce(excluded.firstTime, firstTime), lastTime = coalesce(excluded.lastTime, lastTime),
              frameCount = coalesce(excluded.frameCount, frameCount),
              messageCount = coalesce(excluded.messageCount, messageCount),
              fileModified = excluded.fileModified, fileInode = excluded.fileInode, lastOpenedAt = excluded.lastOpenedAt
            """, arguments: [fp.sha256, fp.path, fileName, fp.size, c.format, links, c.firstTime, c.lastTime,
                             c.frameCount, c.messageCount, fp.modified, Int64(bitPattern: fp.inode), now, now])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM capture WHERE sha256 = ?", arguments: [fp.sha256]) else {
            throw QbitelError(.internalError, "capture row vanished after insert")
        }
        return id
    }

    /// Every capture, most recently opened first.
    public func captures() throws -> [StoredCapture] {
        try read("list captures") { db in
            try Row.fetchAll(db, sql: Workspace.captureSelect + " ORDER BY c.lastOpenedAt DESC, c.id DESC").map(Workspace.capture(from:))
        }
    }

    /// The capture with this content hash, if known.
    public func capture(sha256: String) throws -> StoredCapture? {
        try read("find a capture") { db in
            try Row.fetchOne(db, sql: Workspace.captureSelect + " WHERE c.sha256 = ?", arguments: [sha256]).map(Workspace.capture(from:))
        }
    }

    /// Finds a capture by hash prefix (at least 6 digits), row id, file name or path; refuses ambiguous names.
    public func findCapture(_ reference: String) throws -> StoredCapture {
        let all = try captures()
        var hits = all.filter { $0.path == reference || $0.fileName == reference || String($0.id) == reference }
        if hits.isEmpty && reference.count >= 6 {
            hits = all.filter { $0.sha256.hasPrefix(reference.lowercased()) }
        }
        if hits.isEmpty, let absolute = Optional(Workspace.absolutePath(reference)), absolute != reference {
            hits = all.filter { $0.path == absolute }
        }
        guard let first = hits.first else {
            throw QbitelError(.notFound, "no capture '\(reference)' in workspace \(path)")
        }
        guard hits.count == 1 else {
            throw QbitelError(.notFound, "'\(reference)' matches \(hits.count) captures; give the hash (`qbitel workspace list`)")
        }
        return first
    }

    /// Removes a capture with its runs, grammars and annotations.
    public func deleteCapture(sha256: String, correlationID: String? = nil) throws {
        try write("delete a capture") { db in
            try db.execute(sql: "DELETE FROM capture WHERE sha256 = ?", arguments: [sha256])
            try audit(db, action: "capture.delete", resourceType: "capture", resourceID: sha256, correlationID: correlationID)
        }
    }

    func captureID(sha256: String, _ db: Database) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM capture WHERE sha256 = ?", arguments: [sha256]) else {
            throw QbitelError(.notFound, "no capture with hash \(sha256.prefix(12)) in workspace \(path)")
        }
        return id
    }

    static let captureSelect = """
        SELECT c.*, (SELECT count(*) FROM run r WHERE r.captureId = c.id) AS runCount FROM capture c
        """

    static func capture(from row: Row) -> StoredCapture {
        let links: String = row["linkTypes"] ?? ""
        return StoredCapture(
            id: row["id"], sha256: row["sha256"], path: row["path"], fileName: row["fileName"], size: row["size"],
            format: row["format"], linkTypes: links.split(separator: ",").compactMap { UInt32($0) },
            firstTime: row["firstTime"], lastTime: row["lastTime"], frameCount: row["frameCount"],
            messageCount: row["messageCount"], addedAt: Date(timeIntervalSince1970: row["addedAt"]),
            lastOpenedAt: Date(timeIntervalSince1970: row["lastOpenedAt"]), runCount: row["runCount"] ?? 0)
    }

    static func absolutePath(_ p: String) -> String {
        if p.hasPrefix("/") { return (p as NSString).standardizingPath }
        return ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(p) as NSString).standardizingPath
    }
}
