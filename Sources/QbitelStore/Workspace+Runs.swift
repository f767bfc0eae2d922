import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Messages per stored page: what the workbench's first screen needs, small enough to decode in well under 1 ms.
    public static let defaultPageSize = 512

    /// Saves a discovery run in one transaction: the capture row, the run with its phases, the types with their
    /// fields as rows (for queries), and the per-message inferences as compact pages. Returns the run id.
    @discardableResult
    public func saveRun(_ result: DiscoveryResult, capture: CaptureIdentity, metadata: RunMetadata = RunMetadata(),
                        correlationID: String? = nil) throws -> Int64 {
        try saveRun(result, capture: capture, metadata: metadata, envelope: nil, grammarJSON: nil, correlationID: correlationID)
    }

    /// Saves a run with the whole analysis around it (`envelope`, JSON) and its grammar as a new version when it
    /// differs from the newest one, all in one transaction.
    func saveRun(_ result: DiscoveryResult, capture: CaptureIdentity, metadata: RunMetadata, envelope: String?,
                 grammarJSON: String?, document: DiscoveryDocumentSections? = nil, correlationID: String?) throws -> Int64 {
        // Encode outside the transaction so the write lock is held only for the inserts.
        var prepared = PreparedRun(result, metadata: metadata)
        prepared.envelope = envelope
        return try write("save a discovery run") { db in
            let captureID = try Workspace.upsertCapture(capture, db)
            let runID = try Workspace.insertRun(prepared, captureID: captureID, db)
            if let document {
                try db.execute(sql: """
                    INSERT INTO run_document (runId, classification, grammar, validation, phases, timings, types) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [runID, document.classification, document.grammar, document.validation, document.phases,
                                     document.timings, document.types])
            }
            if let grammarJSON {
                let latest = try Row.fetchOne(db, sql: "SELECT version, json FROM grammar WHERE captureId = ? ORDER BY version DESC LIMIT 1",
                                              arguments: [captureID])
                let latestJSON: String? = latest?["json"]
                if latestJSON != grammarJSON {
                    let parent: Int? = latest?["version"]
                    try db.execute(sql: """
                        INSERT INTO grammar (captureId, version, parentVersion, author, createdAt, runId, json) VALUES (?, ?, ?, 'engine', ?, ?, ?)
                        """, arguments: [captureID, (parent ?? 0) + 1, parent, Date().timeIntervalSince1970, runID, grammarJSON])
                }
            }
            try audit(db, action: "run.save", resourceType: "run", resourceID: String(runID),
                      details: ["capture": capture.fingerprint.sha256, "messages": String(result.messages.count),
                                "types": String(result.types.count), "status": metadata.status.rawValue],
                      correlationID: correlationID)
            return runID
        }
    }

    /// A run encoded and ready to insert: pages, type signatures, phases.
    struct PreparedRun {
        var result: DiscoveryResult
        var metadata: RunMetadata
        var pageSize: Int
        var pages: [(first: Int, count: Int, data: [UInt8])]
        var anchors: [String: Int]
        var signatures: [String: String]
        var timings: String
        /// The result without messages and types, as JSON: whatever else the engine reports (statistics…) is kept
        /// without a schema change.
        var skeleton: String
        /// The whole analysis the run came from, minus the discovery result (JSON), when saved through the cache.
        var envelope: String?
        var phases: [RunPhase]

        init(_ result: DiscoveryResult, metadata: RunMetadata, pageSize: Int = Workspace.defaultPageSize) {
            self.result = result
            self.metadata = metadata
            self.pageSize = pageSize
            envelope = nil
            pages = PreparedRun.encodePages(result.messages, pageSize: pageSize)
            anchors = TypeSignature.anchors(of: result.messages)
            signatures = TypeSignature.signatures(for: result.types, anchors: anchors)
            timings = (try? Workspace.jsonEncoder.encode(result.timingsMS)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            var bare = result
            bare.messages = []
            bare.types = []
            skeleton = (try? Workspace.jsonEncoder.encode(bare)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            phases = metadata.phases.isEmpty
                ? result.timingsMS.keys.sorted().map { RunPhase(name: $0, durationMS: result.timingsMS[$0] ?? 0) }
                : metadata.phases
        }

        /// Pages are independent, so they are encoded on all cores.
        static func encodePages(_ messages: [MessageInference], pageSize: Int) -> [(first: Int, count: Int, data: [UInt8])] {
            let pageCount = (messages.count + pageSize - 1) / pageSize
            let encoded = PageSlots<[UInt8]>(count: pageCount, initial: [])
            DispatchQueue.concurrentPerform(iterations: pageCount) { i in
                let start = i * pageSize
                let end = Swift.min(start + pageSize, messages.count)
                encoded.set(i, MessagePageCodec.encode(messages[start..<end]))
            }
            return (0..<pageCount).map { i in
                (i * pageSize, Swift.min(pageSize, messages.count - i * pageSize), encoded.get(i))
            }
        }
    }

    static func insertRun(_ p: PreparedRun, captureID: Int64, _ db: Database) throws -> Int64 {
        let result = p.result, metadata = p.metadata
        try db.execute(sql: """
            INSERT INTO run (captureId, startedAt, finishedAt, engineVersion, parameters, status, failure, captureName,
                             isText, timings, skeleton, envelope, messageCount, typeCount, pageSize)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [captureID, metadata.startedAt.timeIntervalSince1970, metadata.finishedAt.timeIntervalSince1970,
                             metadata.engineVersion, metadata.parameters, metadata.status.rawValue, metadata.failure,
                             result.captureName, result.isText, p.timings, p.skeleton, p.envelope, result.messages.count, result.types.count,
                             p.pageSize])
        let runID = db.lastInsertedRowID
        let phaseStmt = try db.cachedStatement(sql: "INSERT INTO run_phase (runId, ordinal, name, durationMS, status, error) VALUES (?, ?, ?, ?, ?, ?)")
        for (i, ph) in p.phases.enumerated() {
            try phaseStmt.execute(arguments: [runID, i, ph.name, ph.durationMS, ph.status, ph.error])
        }
        let typeStmt = try db.cachedStatement(sql: """
            INSERT INTO message_type (runId, ordinal, typeKey, signature, anchorMessage, count, confidence, rule, name)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let fieldStmt = try db.cachedStatement(sql: """
            INSERT INTO type_field (typeId, ordinal, offset, length, kind, confidence, name, endianness, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (i, t) in result.types.enumerated() {
            try typeStmt.execute(arguments: [runID, i, t.id, p.signatures[t.id] ?? t.rule, p.anchors[t.id] ?? -1, t.count,
                                             t.confidence, t.rule, t.name])
            let typeRowID = db.lastInsertedRowID
            for (j, f) in t.fields.enumerated() {
                try fieldStmt.execute(arguments: [typeRowID, j, f.offset, f.length, f.kind.rawValue, f.confidence, f.name,
                                                  f.endianness?.rawValue, f.note])
            }
        }
        let pageStmt = try db.cachedStatement(sql: "INSERT INTO message_page (runId, page, firstMessage, messageCount, data) VALUES (?, ?, ?, ?, ?)")
        for (i, pg) in p.pages.enumerated() {
            try pageStmt.execute(arguments: [runID, i, pg.first, pg.count, Data(pg.data)])
        }
        return runID
    }

    /// The runs of a capture, newest first.
    public func runs(captureSHA256: String) throws -> [StoredRun] {
        try read("list runs") { db in
            try Row.fetchAll(db, sql: Workspace.runSelect + " WHERE c.sha256 = ? ORDER BY r.finishedAt DESC, r.id DESC",
                             arguments: [captureSHA256]).map(Workspace.run(from:))
        }
    }

    /// One run by id.
    public func run(id: Int64) throws -> StoredRun? {
        try read("read a run") { db in
            try Row.fetchOne(db, sql: Workspace.runSelect + " WHERE r.id = ?", arguments: [id]).map(Workspace.run(from:))
        }
    }

    /// The newest run of a capture, optionally only one with these parameters and engine version, only complete ones.
    public func latestRun(captureSHA256: String, parameters: String? = nil, engineVersion: String? = nil,
                          completeOnly: Bool = false) throws -> StoredRun? {
        var sql = Workspace.runSelect + " WHERE c.sha256 = ?"
        var args: [(any DatabaseValueConvertible)?] = [captureSHA256]
        if let parameters { sql += " AND r.parameters = ?"; args.append(parameters) }
        if let engineVersion { sql += " AND r.engineVersion = ?"; args.append(engineVersion) }
        if completeOnly { sql += " AND r.status = 'complete'" }
        sql += " ORDER BY r.finishedAt DESC, r.id DESC LIMIT 1"
        return try read("find the latest run") { db in
            try Row.fetchOne(db, sql: sql, arguments: StatementArguments(args)).map(Workspace.run(from:))
        }
    }

    /// A run's message types with their field layouts, in the run's order.
    public func types(runID: Int64) throws -> [StoredType] {
        try read("read message types") { db in try types(runID: runID, db) }
    }

    func types(runID: Int64, _ db: Database) throws -> [StoredType] {
        let typeRows = try Row.fetchAll(db, sql: "SELECT * FROM message_type WHERE runId = ? ORDER BY ordinal", arguments: [runID])
        var fieldsByType: [Int64: [InferredField]] = [:]
        let fieldRows = try Row.fetchAll(db, sql: """
            SELECT f.* FROM type_field f JOIN message_type t ON t.id = f.typeId WHERE t.runId = ? ORDER BY f.typeId, f.ordinal
            """, arguments: [runID])
        for r in fieldRows {
            let kindText: String = r["kind"]
            let endianText: String? = r["endianness"]
            let f = InferredField(offset: r["offset"], length: r["length"], kind: FieldKind(rawValue: kindText) ?? .bytes,
                                  confidence: r["confidence"], name: r["name"], endianness: endianText.flatMap(Endianness.init(rawValue:)),
                                  note: r["note"])
            fieldsByType[r["typeId"], default: []].append(f)
        }
        return typeRows.map { r in
            let id: Int64 = r["id"]
            let info = MessageTypeInfo(id: r["typeKey"], count: r["count"], confidence: r["confidence"], rule: r["rule"],
                                       name: r["name"], fields: fieldsByType[id] ?? [])
            return StoredType(runID: runID, signature: r["signature"], anchorMessage: r["anchorMessage"], info: info)
        }
    }

    /// The inferences of the messages in `range` (positions in the run, not capture indexes), reading only the pages
    /// that overlap it.
    public func messages(runID: Int64, range: Range<Int>) throws -> [MessageInference] {
        try read("read messages") { db in try messages(runID: runID, range: range, db) }
    }

    func messages(runID: Int64, range: Range<Int>, _ db: Database) throws -> [MessageInference] {
        try Workspace.messages(runID: runID, range: range, db)
    }

    static func messages(runID: Int64, range: Range<Int>, _ db: Database) throws -> [MessageInference] {
        guard !range.isEmpty else { return [] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT firstMessage, data FROM message_page
            WHERE runId = ? AND firstMessage < ? AND firstMessage + messageCount > ? ORDER BY page
            """, arguments: [runID, range.upperBound, range.lowerBound])
        let blobs: [(first: Int, data: [UInt8])] = rows.map { r in
            let data: Data = r["data"]
            return (r["firstMessage"], [UInt8](data))
        }
        // Pages decode independently: on all cores when there are several.
        let decoded = PageSlots<Result<[MessageInference], QbitelError>>(count: blobs.count, initial: .success([]))
        let work: @Sendable (Int) -> Void = { i in
            do {
                decoded.set(i, .success(try MessagePageCodec.decode(blobs[i].data)))
            } catch {
                decoded.set(i, .failure(error as? QbitelError ?? ByteReader.corrupt("\(error)")))
            }
        }
        if blobs.count > 1 { DispatchQueue.concurrentPerform(iterations: blobs.count, execute: work) } else if blobs.count == 1 { work(0) }
        var out: [MessageInference] = []
        out.reserveCapacity(range.count)
        for (i, blob) in blobs.enumerated() {
            let page = try decoded.get(i).get()
            let lo = Swift.max(range.lowerBound - blob.first, 0)
            let hi = Swift.min(range.upperBound - blob.first, page.count)
            if lo < hi { out.append(contentsOf: page[lo..<hi]) }
        }
        return out
    }

    /// The whole result of a run, equal to what was saved.
    public func result(runID: Int64) throws -> DiscoveryResult {
        try read("read a run") { db in
            guard let row = try Row.fetchOne(db, sql: Workspace.runSelect + " WHERE r.id = ?", arguments: [runID]) else {
                throw QbitelError(.notFound, "no run \(runID) in workspace \(path)")
            }
            let run = Workspace.run(from: row)
            let types = try types(runID: runID, db).map(\.info)
            let messages = try self.messages(runID: runID, range: 0..<run.messageCount, db)
            guard messages.count == run.messageCount else {
                throw QbitelError(.workspaceCorrupt, "run \(runID) has \(messages.count) of its \(run.messageCount) messages")
            }
            let skeleton: String? = row["skeleton"]
            var result = skeleton.flatMap { try? Workspace.jsonDecoder.decode(DiscoveryResult.self, from: Data($0.utf8)) }
                ?? DiscoveryResult(captureName: run.captureName, messages: [], types: [], timingsMS: run.timingsMS, isText: run.isText)
            result.messages = messages
            result.types = types
            return result
        }
    }

    /// Deletes one run (its types, fields and pages go with it).
    public func deleteRun(id: Int64, correlationID: String? = nil) throws {
        try write("delete a run") { db in
            try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id])
            try audit(db, action: "run.delete", resourceType: "run", resourceID: String(id), correlationID: correlationID)
        }
    }

    /// The analysis saved around a run's discovery result (JSON), if it was saved through the cache.
    public func envelope(runID: Int64) throws -> String? {
        try read("read a run") { db in try String.fetchOne(db, sql: "SELECT envelope FROM run WHERE id = ?", arguments: [runID]) }
    }

    /// What a served `discover --json` needs of the newest complete run of a capture made with `parameters`: the
    /// saved document sections and the per-message inferences, in one read. Nil when there is no such run or it was
    /// saved without sections.
    static func servedDocument(captureSHA256: String, parameters: String, _ db: Database) throws
        -> (runID: Int64, sections: DiscoveryDocumentSections, messages: [MessageInference], typeCount: Int)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT r.id, r.messageCount, r.typeCount, d.classification, d.grammar, d.validation, d.phases, d.timings, d.types
            FROM run r JOIN capture c ON c.id = r.captureId LEFT JOIN run_document d ON d.runId = r.id
            WHERE c.sha256 = ? AND r.parameters = ? AND r.status = 'complete'
            ORDER BY r.finishedAt DESC, r.id DESC LIMIT 1
            """, arguments: [captureSHA256, parameters]) else { return nil }
        guard let phases: String = row["phases"], let timings: String = row["timings"], let types: String = row["types"] else {
            return nil
        }
        let runID: Int64 = row["id"]
        let count: Int = row["messageCount"]
        let messages = try Workspace.messages(runID: runID, range: 0..<count, db)
        guard messages.count == count else {
            throw QbitelError(.workspaceCorrupt, "run \(runID) has \(messages.count) of its \(count) messages")
        }
        let sections = DiscoveryDocumentSections(classification: row["classification"], grammar: row["grammar"],
                                                 validation: row["validation"], phases: phases, timings: timings, types: types)
        return (runID, sections, messages, row["typeCount"])
    }

    /// The phases of a run, in order.
    public func phases(runID: Int64) throws -> [RunPhase] {
        try read("read run phases") { db in try phases(runID: runID, db) }
    }

    func phases(runID: Int64, _ db: Database) throws -> [RunPhase] {
        try Row.fetchAll(db, sql: "SELECT * FROM run_phase WHERE runId = ? ORDER BY ordinal", arguments: [runID]).map {
            RunPhase(name: $0["name"], durationMS: $0["durationMS"], status: $0["status"], error: $0["error"])
        }
    }

    static let runSelect = "SELECT r.*, c.sha256 AS captureSHA256 FROM run r JOIN capture c ON c.id = r.captureId"

    static func run(from r: Row) -> StoredRun {
        let timingsText: String = r["timings"]
        let timings = (try? Workspace.jsonDecoder.decode([String: Double].self, from: Data(timingsText.utf8))) ?? [:]
        let statusText: String = r["status"]
        let meta = RunMetadata(startedAt: Date(timeIntervalSince1970: r["startedAt"]), finishedAt: Date(timeIntervalSince1970: r["finishedAt"]),
                               engineVersion: r["engineVersion"], parameters: r["parameters"],
                               status: RunStatus(rawValue: statusText) ?? .failed, failure: r["failure"], phases: [])
        return StoredRun(id: r["id"], captureSHA256: r["captureSHA256"], metadata: meta, captureName: r["captureName"],
                         isText: r["isText"], timingsMS: timings, messageCount: r["messageCount"], typeCount: r["typeCount"],
                         pageSize: r["pageSize"])
    }
}
