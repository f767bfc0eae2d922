import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Saves a classifier model as the next version of `name`.
    @discardableResult
    public func saveClassifierModel(name: String, featureSet: String, metrics: String = "{}", data: [UInt8],
                                    correlationID: String? = nil) throws -> ClassifierModelRecord {
        try write("save a classifier model") { db in
            let next = (try Int.fetchOne(db, sql: "SELECT max(version) FROM classifier_model WHERE name = ?", arguments: [name]) ?? 0) + 1
            let now = Date().timeIntervalSince1970
            try db.execute(sql: """
                INSERT INTO classifier_model (name, version, featureSet, metrics, createdAt, data) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, next, featureSet, metrics, now, Data(data)])
            let id = db.lastInsertedRowID
            try audit(db, action: "classifier.save", resourceType: "classifier_model", resourceID: "\(name)#\(next)", correlationID: correlationID)
            return ClassifierModelRecord(id: id, name: name, version: next, featureSet: featureSet, metrics: metrics,
                                         createdAt: Date(timeIntervalSince1970: now), byteCount: data.count)
        }
    }

    /// Every stored model, by name then version.
    public func classifierModels() throws -> [ClassifierModelRecord] {
        try read("list classifier models") { db in
            try Row.fetchAll(db, sql: """
                SELECT id, name, version, featureSet, metrics, createdAt, length(data) AS byteCount FROM classifier_model ORDER BY name, version
                """).map(Workspace.classifierModel(from:))
        }
    }

    /// A model and its bytes: the given version, or the newest.
    public func classifierModel(name: String, version: Int? = nil) throws -> (record: ClassifierModelRecord, data: [UInt8]) {
        try read("read a classifier model") { db in
            var sql = "SELECT *, length(data) AS byteCount FROM classifier_model WHERE name = ?"
            var args: StatementArguments = [name]
            if let version { sql += " AND version = ?"; args += [version] }
            sql += " ORDER BY version DESC LIMIT 1"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: args) else {
                throw QbitelError(.modelNotFound, "no classifier model '\(name)'\(version.map { " version \($0)" } ?? "") in workspace \(path)")
            }
            let data: Data = row["data"]
            return (Workspace.classifierModel(from: row), [UInt8](data))
        }
    }

    static func classifierModel(from r: Row) -> ClassifierModelRecord {
        ClassifierModelRecord(id: r["id"], name: r["name"], version: r["version"], featureSet: r["featureSet"], metrics: r["metrics"],
                              createdAt: Date(timeIntervalSince1970: r["createdAt"]), byteCount: r["byteCount"] ?? 0)
    }
}
