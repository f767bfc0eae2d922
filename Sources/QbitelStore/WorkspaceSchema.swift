import GRDB

/// The workspace's versioned schema: each migration is registered once, by name, and never edited after release.
///
/// A database that has applied a migration this build does not know was written by a newer version (error 9001).
enum WorkspaceSchema {
    /// Migration names in order; the schema version of a database is how many of them it has applied.
    static let versions = ["v1-captures-runs", "v2-grammars-annotations", "v3-copilot-classifier-audit",
                           "v4-type-merges-splits", "v5-run-documents"]

    static var current: Int { versions.count }

    static func migrator(upTo version: Int = WorkspaceSchema.current) -> DatabaseMigrator {
        var m = DatabaseMigrator()
        if version >= 1 { m.registerMigration(versions[0], migrate: v1) }
        if version >= 2 { m.registerMigration(versions[1], migrate: v2) }
        if version >= 3 { m.registerMigration(versions[2], migrate: v3) }
        if version >= 4 { m.registerMigration(versions[3], migrate: v4) }
        if version >= 5 { m.registerMigration(versions[4], migrate: v5) }
        return m
    }

    /// Captures, discovery runs with their phases, message types, type fields and the per-message pages.
    static func v1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE capture (
              id INTEGER PRIMARY KEY,
              sha256 TEXT NOT NULL UNIQUE,
              path TEXT NOT NULL,
              fileName TEXT NOT NULL,
              size INTEGER NOT NULL,
              format TEXT,
              linkTypes TEXT NOT NULL DEFAULT '',
              firstTime REAL,
              lastTime REAL,
              frameCount INTEGER,
              messageCount INTEGER,
              fileModified REAL,
              fileInode INTEGER,
              addedAt REAL NOT NULL,
              lastOpenedAt REAL NOT NULL
            );
            CREATE INDEX capture_path ON capture(path);
            CREATE TABLE run (
              id INTEGER PRIMARY KEY,
              captureId INTEGER NOT NULL REFERENCES capture(id) ON DELETE CASCADE,
              startedAt REAL NOT NULL,
              finishedAt REAL NOT NULL,
              engineVersion TEXT NOT NULL,
              parameters TEXT NOT NULL,
              status TEXT NOT NULL,
              failure TEXT,
              captureName TEXT NOT NULL,
              isText INTEGER NOT NULL,
              timings TEXT NOT NULL,
              skeleton TEXT,
              envelope TEXT,
              messageCount INTEGER NOT NULL,
              typeCount INTEGER NOT NULL,
              pageSize INTEGER NOT NULL
            );
            CREATE INDEX run_capture ON run(captureId, finishedAt);
            CREATE TABLE run_phase (
              runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              ordinal INTEGER NOT NULL,
              name TEXT NOT NULL,
              durationMS REAL NOT NULL,
              status TEXT NOT NULL,
              error TEXT,
              PRIMARY KEY (runId, ordinal)
            ) WITHOUT ROWID;
            CREATE TABLE message_type (
              id INTEGER PRIMARY KEY,
              runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              ordinal INTEGER NOT NULL,
              typeKey TEXT NOT NULL,
              signature TEXT NOT NULL,
              anchorMessage INTEGER NOT NULL,
              count INTEGER NOT NULL,
              confidence REAL NOT NULL,
              rule TEXT NOT NULL,
              name TEXT,
              UNIQUE (runId, ordinal)
            );
            CREATE INDEX message_type_signature ON message_type(signature);
            CREATE TABLE type_field (
              typeId INTEGER NOT NULL REFERENCES message_type(id) ON DELETE CASCADE,
              ordinal INTEGER NOT NULL,
              offset INTEGER NOT NULL,
              length INTEGER NOT NULL,
              kind TEXT NOT NULL,
              confidence REAL NOT NULL,
              name TEXT,
              endianness TEXT,
              note TEXT,
              PRIMARY KEY (typeId, ordinal)
            ) WITHOUT ROWID;
            CREATE TABLE message_page (
              id INTEGER PRIMARY KEY,
              runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
              page INTEGER NOT NULL,
              firstMessage INTEGER NOT NULL,
              messageCount INTEGER NOT NULL,
              data BLOB NOT NULL,
              UNIQUE (runId, page)
            );
            """)
    }

    /// Grammar versions and analyst annotations (keyed to outlive the run they were made on).
    static func v2(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE grammar (
              id INTEGER PRIMARY KEY,
              captureId INTEGER NOT NULL REFERENCES capture(id) ON DELETE CASCADE,
              version INTEGER NOT NULL,
              parentVersion INTEGER,
              author TEXT NOT NULL,
              createdAt REAL NOT NULL,
              runId INTEGER REFERENCES run(id) ON DELETE SET NULL,
              json TEXT NOT NULL,
              UNIQUE (captureId, version)
            );
            CREATE TABLE annotation (
              id INTEGER PRIMARY KEY,
              captureId INTEGER NOT NULL REFERENCES capture(id) ON DELETE CASCADE,
              target TEXT NOT NULL,
              typeSignature TEXT NOT NULL DEFAULT '',
              anchorMessage INTEGER NOT NULL DEFAULT -1,
              fieldOffset INTEGER NOT NULL DEFAULT -1,
              messageIndex INTEGER NOT NULL DEFAULT -1,
              name TEXT,
              kindOverride TEXT,
              comment TEXT,
              bookmarked INTEGER NOT NULL DEFAULT 0,
              author TEXT NOT NULL,
              updatedAt REAL NOT NULL,
              UNIQUE (captureId, target, typeSignature, fieldOffset, messageIndex)
            );
            """)
    }

    /// Copilot conversations, classifier models and the audit log.
    static func v3(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE copilot_conversation (
              id INTEGER PRIMARY KEY,
              captureId INTEGER REFERENCES capture(id) ON DELETE SET NULL,
              title TEXT NOT NULL,
              createdAt REAL NOT NULL
            );
            CREATE TABLE copilot_message (
              id INTEGER PRIMARY KEY,
              conversationId INTEGER NOT NULL REFERENCES copilot_conversation(id) ON DELETE CASCADE,
              role TEXT NOT NULL,
              content TEXT NOT NULL,
              model TEXT,
              promptTokens INTEGER,
              completionTokens INTEGER,
              latencyMS REAL,
              createdAt REAL NOT NULL
            );
            CREATE INDEX copilot_message_conversation ON copilot_message(conversationId, id);
            CREATE TABLE classifier_model (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              version INTEGER NOT NULL,
              featureSet TEXT NOT NULL,
              metrics TEXT NOT NULL DEFAULT '{}',
              createdAt REAL NOT NULL,
              data BLOB NOT NULL,
              UNIQUE (name, version)
            );
            CREATE TABLE audit_log (
              id INTEGER PRIMARY KEY,
              time REAL NOT NULL,
              user TEXT NOT NULL,
              action TEXT NOT NULL,
              resourceType TEXT NOT NULL,
              resourceId TEXT NOT NULL,
              details TEXT NOT NULL DEFAULT '{}',
              correlationId TEXT
            );
            CREATE INDEX audit_time_action ON audit_log(time, action);
            CREATE INDEX audit_user_time ON audit_log(user, time);
            CREATE INDEX audit_resource ON audit_log(resourceType, resourceId);
            """)
    }

    /// Merges and splits of message types as annotations: a type annotation may name the offset its type is split
    /// at and the type it was merged into (signature, anchor, split part), and may be about one part of a split type
    /// (`subtype`, part of the key). SQLite cannot change a UNIQUE constraint in place, so the table is rebuilt with
    /// every row kept (migrations run with foreign-key checks deferred).
    static func v4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE annotation_v4 (
              id INTEGER PRIMARY KEY,
              captureId INTEGER NOT NULL REFERENCES capture(id) ON DELETE CASCADE,
              target TEXT NOT NULL,
              typeSignature TEXT NOT NULL DEFAULT '',
              anchorMessage INTEGER NOT NULL DEFAULT -1,
              fieldOffset INTEGER NOT NULL DEFAULT -1,
              messageIndex INTEGER NOT NULL DEFAULT -1,
              subtype TEXT NOT NULL DEFAULT '',
              name TEXT,
              kindOverride TEXT,
              comment TEXT,
              bookmarked INTEGER NOT NULL DEFAULT 0,
              splitOffset INTEGER,
              mergeIntoSignature TEXT,
              mergeIntoAnchor INTEGER NOT NULL DEFAULT -1,
              mergeIntoSubtype TEXT NOT NULL DEFAULT '',
              author TEXT NOT NULL,
              updatedAt REAL NOT NULL,
              UNIQUE (captureId, target, typeSignature, subtype, fieldOffset, messageIndex)
            );
            INSERT INTO annotation_v4 (id, captureId, target, typeSignature, anchorMessage, fieldOffset, messageIndex, name,
                                       kindOverride, comment, bookmarked, author, updatedAt)
              SELECT id, captureId, target, typeSignature, anchorMessage, fieldOffset, messageIndex, name,
                     kindOverride, comment, bookmarked, author, updatedAt FROM annotation;
            DROP TABLE annotation;
            ALTER TABLE annotation_v4 RENAME TO annotation;
            """)
    }

    /// A run's `discover --json` sections, already encoded, so a served run writes them through (see
    /// `DiscoveryDocumentSections`). Optional: a run without a row is served by decoding its envelope.
    static func v5(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE run_document (
              runId INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,
              classification TEXT,
              grammar TEXT,
              validation TEXT,
              phases TEXT NOT NULL,
              timings TEXT NOT NULL,
              types TEXT NOT NULL
            );
            """)
    }
}
