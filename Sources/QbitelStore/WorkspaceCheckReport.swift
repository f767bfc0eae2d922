/// What `qbitel workspace check` found: SQLite's integrity check, foreign-key violations and the schema version.
public struct WorkspaceCheckReport: Sendable, Codable, Equatable {
    /// `["ok"]` when the file is sound, else SQLite's list of problems.
    public var integrity: [String]
    /// One line per row that points at a missing parent: `table rowid → parent`.
    public var foreignKeyViolations: [String]
    public var schemaVersion: Int
    public var latestSchemaVersion: Int

    public var isOK: Bool { integrity == ["ok"] && foreignKeyViolations.isEmpty && schemaVersion == latestSchemaVersion }
}

/// What `prune` removed (or, in a dry run, would remove).
public struct PruneReport: Sendable, Codable, Equatable {
    public var runsRemoved: Int
    public var capturesRemoved: Int
    public var auditEntriesRemoved: Int
}
