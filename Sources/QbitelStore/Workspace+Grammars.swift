import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Saves a new grammar version for a capture (numbered one past the newest) and returns it.
    @discardableResult
    public func saveGrammar(captureSHA256: String, json: String, author: String, parentVersion: Int? = nil,
                            runID: Int64? = nil, correlationID: String? = nil) throws -> GrammarVersion {
        try write("save a grammar") { db in
            let captureID = try captureID(sha256: captureSHA256, db)
            if let parentVersion, try Int.fetchOne(db, sql: "SELECT 1 FROM grammar WHERE captureId = ? AND version = ?",
                                                   arguments: [captureID, parentVersion]) == nil {
                throw QbitelError(.notFound, "grammar version \(parentVersion) does not exist for this capture")
            }
            let next = (try Int.fetchOne(db, sql: "SELECT max(version) FROM grammar WHERE captureId = ?", arguments: [captureID]) ?? 0) + 1
            let now = Date()
            try db.execute(sql: """
                INSERT INTO grammar (captureId, version, parentVersion, author, createdAt, runId, json) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [captureID, next, parentVersion, author, now.timeIntervalSince1970, runID, json])
            try audit(db, action: "grammar.save", resourceType: "grammar", resourceID: "\(captureSHA256)#\(next)",
                      details: ["author": author], correlationID: correlationID)
            return GrammarVersion(version: next, parentVersion: parentVersion, author: author,
                                  createdAt: Date(timeIntervalSince1970: now.timeIntervalSince1970), runID: runID, json: json)
        }
    }

    /// All grammar versions of a capture, oldest first.
    public func grammars(captureSHA256: String) throws -> [GrammarVersion] {
        try read("read grammars") { db in try grammars(captureSHA256: captureSHA256, db) }
    }

    func grammars(captureSHA256: String, _ db: Database) throws -> [GrammarVersion] {
        try Row.fetchAll(db, sql: """
            SELECT g.* FROM grammar g JOIN capture c ON c.id = g.captureId WHERE c.sha256 = ? ORDER BY g.version
            """, arguments: [captureSHA256]).map(Workspace.grammar(from:))
    }

    /// The newest grammar version of a capture.
    public func latestGrammar(captureSHA256: String) throws -> GrammarVersion? {
        try read("read a grammar") { db in
            try Row.fetchOne(db, sql: """
                SELECT g.* FROM grammar g JOIN capture c ON c.id = g.captureId WHERE c.sha256 = ? ORDER BY g.version DESC LIMIT 1
                """, arguments: [captureSHA256]).map(Workspace.grammar(from:))
        }
    }

    static func grammar(from r: Row) -> GrammarVersion {
        GrammarVersion(version: r["version"], parentVersion: r["parentVersion"], author: r["author"],
                       createdAt: Date(timeIntervalSince1970: r["createdAt"]), runID: r["runId"], json: r["json"])
    }
}
