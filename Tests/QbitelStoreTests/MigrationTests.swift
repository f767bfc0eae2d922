import Foundation
import GRDB
import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct MigrationTests {
    static let expectedTables: Set<String> = [
        "capture", "run", "run_phase", "message_type", "type_field", "message_page", "grammar", "annotation",
        "copilot_conversation", "copilot_message", "classifier_model", "audit_log", "run_document",
    ]

    func tables(_ path: String) throws -> Set<String> {
        let q = try DatabaseQueue(path: path)
        return try q.read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'"))
        }
    }

    @Test func emptyDatabaseMigratesToTheLatestSchemaWithItsIndexes() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        #expect(try ws.schemaVersion() == WorkspaceSchema.current)
        try ws.close()
        #expect(try tables(ws.path) == Self.expectedTables)
        let q = try DatabaseQueue(path: ws.path)
        let indexes = try q.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") }
        #expect(indexes.contains { $0.contains("audit_log(time, action)") })
        #expect(indexes.contains { $0.contains("audit_log(user, time)") })
        #expect(indexes.contains { $0.contains("audit_log(resourceType, resourceId)") })
    }

    @Test func an0ByteFileIsTreatedAsEmpty() throws {
        let dir = TemporaryFolder()
        let path = dir.file("empty.sqlite")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        #expect(try Workspace(path: path).schemaVersion() == WorkspaceSchema.current)
    }

    /// A database left at each earlier schema version, holding data of that version, upgrades and keeps the data.
    @Test(arguments: 1..<WorkspaceSchema.current)
    func upgradesFromEveryEarlierVersionKeepingData(_ version: Int) throws {
        let dir = TemporaryFolder()
        let path = dir.file("old.sqlite")
        let result = SyntheticDiscovery.result(seed: 11, messageCount: 40)
        let identity = SyntheticDiscovery.identity(seed: 11)
        let sha = identity.fingerprint.sha256
        do {
            let q = try DatabaseQueue(path: path)
            try WorkspaceSchema.migrator(upTo: version).migrate(q)
            // Write the version's data with the current code paths that exist at that version.
            try q.write { db in
                let capID = try Workspace.upsertCapture(identity, db)
                _ = try Workspace.insertRun(Workspace.PreparedRun(result, metadata: RunMetadata()), captureID: capID, db)
                if version >= 2 {
                    try db.execute(sql: """
                        INSERT INTO grammar (captureId, version, author, createdAt, json) VALUES (?, 1, 'engine', 0, '{"v":1}');
                        INSERT INTO annotation (captureId, target, name, author, updatedAt) VALUES (?, 'capture', 'old note', 'a', 0);
                        """, arguments: [capID, capID])
                }
            }
            try q.close()
        }
        let applied = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") }
        #expect(applied == version)
        let ws = try Workspace(path: path)
        #expect(try ws.schemaVersion() == WorkspaceSchema.current)
        let run = try #require(try ws.latestRun(captureSHA256: sha))
        #expect(try ws.result(runID: run.id) == result)
        if version >= 2 {
            #expect(try ws.latestGrammar(captureSHA256: sha)?.json == "{\"v\":1}")
            #expect(try ws.annotations(captureSHA256: sha).first?.name == "old note")
        }
        // The tables of later versions work.
        try ws.recordAudit(action: "test.upgrade", resourceType: "workspace", resourceID: "1")
        #expect(try ws.auditLog(action: "test.upgrade").count == 1)
        #expect(try ws.check().isOK)
    }

    /// Version 4 rebuilds the annotation table: every row of version 3 comes through with its id and values, the
    /// new columns start empty, and the key now tells a split part from its whole type.
    @Test func version3AnnotationsComeThroughTheTableRebuild() throws {
        let dir = TemporaryFolder()
        let path = dir.file("v3.sqlite")
        let identity = SyntheticDiscovery.identity(seed: 12)
        let sha = identity.fingerprint.sha256
        do {
            let q = try DatabaseQueue(path: path)
            try WorkspaceSchema.migrator(upTo: 3).migrate(q)
            try q.write { db in
                let capID = try Workspace.upsertCapture(identity, db)
                try db.execute(sql: """
                    INSERT INTO annotation (id, captureId, target, typeSignature, anchorMessage, name, kindOverride, author, updatedAt)
                      VALUES (7, ?, 'type', 'rule a', 4, 'Hello', NULL, 'a', 1);
                    INSERT INTO annotation (id, captureId, target, typeSignature, anchorMessage, fieldOffset, name, kindOverride, author, updatedAt)
                      VALUES (8, ?, 'field', 'rule a', 4, 2, 'len', 'length', 'a', 2);
                    INSERT INTO annotation (id, captureId, target, messageIndex, comment, bookmarked, author, updatedAt)
                      VALUES (9, ?, 'message', 11, 'odd', 1, 'b', 3);
                    INSERT INTO copilot_conversation (captureId, title, createdAt) VALUES (?, 'old chat', 0);
                    """, arguments: [capID, capID, capID, capID])
            }
            try q.close()
        }
        let ws = try Workspace(path: path)
        #expect(try ws.schemaVersion() == WorkspaceSchema.current)
        let list = try ws.annotations(captureSHA256: sha)
        #expect(list.count == 3)
        #expect(list[0].target == AnnotationTarget(kind: .type, typeSignature: "rule a", anchorMessage: 4) && list[0].name == "Hello")
        #expect(list[1].target.fieldOffset == 2 && list[1].kindOverride == .length && list[1].name == "len")
        #expect(list[2].target == .message(11) && list[2].comment == "odd" && list[2].bookmarked)
        #expect(list.allSatisfy { $0.splitOffset == nil && $0.mergeInto == nil && $0.target.subtype.isEmpty })
        #expect(try ws.conversations(captureSHA256: sha).first?.title == "old chat")
        // A part of the type is a new annotation beside the whole type's.
        var part = list[0].target
        part.subtype = "0a"
        try ws.annotate(captureSHA256: sha, target: part, change: AnnotationChange(name: "Part", splitOffset: nil,
                        mergeInto: .some(TypeReference(typeSignature: "rule b", anchorMessage: 9))))
        try ws.annotate(captureSHA256: sha, target: list[0].target, change: AnnotationChange(splitOffset: 3))
        let after = try ws.annotations(captureSHA256: sha)
        #expect(after.count == 4)
        #expect(after.first { $0.target.subtype == "0a" }?.mergeInto == TypeReference(typeSignature: "rule b", anchorMessage: 9))
        #expect(after.first { $0.target == list[0].target }?.splitOffset == 3)
        #expect(after.first { $0.target == list[0].target }?.name == "Hello")
        #expect(try ws.check().isOK)
    }
}
