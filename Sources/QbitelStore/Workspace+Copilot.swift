import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Starts a conversation, optionally about one capture; returns its id.
    public func startConversation(captureSHA256: String?, title: String, correlationID: String? = nil) throws -> Int64 {
        try write("start a copilot conversation") { db in
            var captureRowID: Int64?
            if let captureSHA256 { captureRowID = try self.captureID(sha256: captureSHA256, db) }
            try db.execute(sql: "INSERT INTO copilot_conversation (captureId, title, createdAt) VALUES (?, ?, ?)",
                           arguments: [captureRowID, title, Date().timeIntervalSince1970])
            let id = db.lastInsertedRowID
            try audit(db, action: "copilot.start", resourceType: "conversation", resourceID: String(id), correlationID: correlationID)
            return id
        }
    }

    /// Appends one turn to a conversation.
    public func appendTurn(conversationID: Int64, _ turn: CopilotTurn, correlationID: String? = nil) throws {
        try write("save a copilot message") { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM copilot_conversation WHERE id = ?", arguments: [conversationID]) != nil else {
                throw QbitelError(.notFound, "no copilot conversation \(conversationID)")
            }
            try db.execute(sql: """
                INSERT INTO copilot_message (conversationId, role, content, model, promptTokens, completionTokens, latencyMS, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [conversationID, turn.role, turn.content, turn.model, turn.promptTokens, turn.completionTokens,
                                 turn.latencyMS, turn.createdAt.timeIntervalSince1970])
            try audit(db, action: "copilot.message", resourceType: "conversation", resourceID: String(conversationID),
                      details: ["role": turn.role, "model": turn.model ?? ""], correlationID: correlationID)
        }
    }

    /// The turns of a conversation, in order.
    public func turns(conversationID: Int64) throws -> [CopilotTurn] {
        try read("read a copilot conversation") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM copilot_message WHERE conversationId = ? ORDER BY id", arguments: [conversationID]).map {
                CopilotTurn(role: $0["role"], content: $0["content"], model: $0["model"], promptTokens: $0["promptTokens"],
                            completionTokens: $0["completionTokens"], latencyMS: $0["latencyMS"],
                            createdAt: Date(timeIntervalSince1970: $0["createdAt"]))
            }
        }
    }

    /// Conversations, newest first; only those about one capture when a hash is given.
    public func conversations(captureSHA256: String? = nil) throws -> [CopilotConversation] {
        var sql = """
            SELECT v.*, c.sha256 AS captureSHA256, (SELECT count(*) FROM copilot_message m WHERE m.conversationId = v.id) AS turnCount
            FROM copilot_conversation v LEFT JOIN capture c ON c.id = v.captureId
            """
        var args: StatementArguments = []
        if let captureSHA256 { sql += " WHERE c.sha256 = ?"; args = [captureSHA256] }
        sql += " ORDER BY v.createdAt DESC, v.id DESC"
        return try read("list copilot conversations") { db in
            try Row.fetchAll(db, sql: sql, arguments: args).map {
                CopilotConversation(id: $0["id"], captureSHA256: $0["captureSHA256"], title: $0["title"],
                                    createdAt: Date(timeIntervalSince1970: $0["createdAt"]), turnCount: $0["turnCount"])
            }
        }
    }
}
