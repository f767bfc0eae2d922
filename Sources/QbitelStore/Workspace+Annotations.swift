import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Creates or updates the annotation on `target`; returns it as stored.
    @discardableResult
    public func annotate(captureSHA256: String, target: AnnotationTarget, change: AnnotationChange,
                         correlationID: String? = nil) throws -> Annotation {
        try write("save an annotation") { db in
            let captureID = try captureID(sha256: captureSHA256, db)
            let keyArgs: StatementArguments = [captureID, target.kind.rawValue, target.typeSignature, target.fieldOffset, target.messageIndex]
            let existing = try Row.fetchOne(db, sql: """
                SELECT * FROM annotation WHERE captureId = ? AND target = ? AND typeSignature = ? AND fieldOffset = ? AND messageIndex = ?
                """, arguments: keyArgs)
            var a = existing.map { Workspace.annotation(from: $0) } ?? Annotation(target: target, author: user)
            if let n = change.name { a.name = n }
            if let k = change.kindOverride { a.kindOverride = k }
            if let c = change.comment { a.comment = c }
            if let b = change.bookmarked { a.bookmarked = b }
            a.author = user
            a.updatedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970)
            try upsertAnnotation(a, captureID: captureID, db)
            try audit(db, action: "annotation.set", resourceType: "annotation",
                      resourceID: "\(captureSHA256)/\(target.kind.rawValue)/\(target.typeSignature)/\(target.fieldOffset)/\(target.messageIndex)",
                      correlationID: correlationID)
            return a
        }
    }

    func upsertAnnotation(_ a: Annotation, captureID: Int64, _ db: Database) throws {
        let t = a.target
        try db.execute(sql: """
            INSERT INTO annotation (captureId, target, typeSignature, anchorMessage, fieldOffset, messageIndex, name,
                                    kindOverride, comment, bookmarked, author, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(captureId, target, typeSignature, fieldOffset, messageIndex) DO UPDATE SET
              anchorMessage = excluded.anchorMessage, name = excluded.name, kindOverride = excluded.kindOverride,
              comment = excluded.comment, bookmarked = excluded.bookmarked, author = excluded.author,
              updatedAt = excluded.updatedAt
            """, arguments: [captureID, t.kind.rawValue, t.typeSignature, t.anchorMessage, t.fieldOffset, t.messageIndex,
                             a.name, a.kindOverride?.rawValue, a.comment, a.bookmarked, a.author, a.updatedAt.timeIntervalSince1970])
    }

    /// Removes the annotation on `target`, if any.
    public func removeAnnotation(captureSHA256: String, target: AnnotationTarget, correlationID: String? = nil) throws {
        try write("remove an annotation") { db in
            let captureID = try captureID(sha256: captureSHA256, db)
            try db.execute(sql: """
                DELETE FROM annotation WHERE captureId = ? AND target = ? AND typeSignature = ? AND fieldOffset = ? AND messageIndex = ?
                """, arguments: [captureID, target.kind.rawValue, target.typeSignature, target.fieldOffset, target.messageIndex])
            try audit(db, action: "annotation.remove", resourceType: "annotation", resourceID: "\(captureSHA256)/\(target.kind.rawValue)",
                      correlationID: correlationID)
        }
    }

    /// Every annotation of a capture.
    public func annotations(captureSHA256: String) throws -> [Annotation] {
        try read("read annotations") { db in try annotations(captureSHA256: captureSHA256, db) }
    }

    func annotations(captureSHA256: String, _ db: Database) throws -> [Annotation] {
        try Row.fetchAll(db, sql: """
            SELECT a.* FROM annotation a JOIN capture c ON c.id = a.captureId WHERE c.sha256 = ? ORDER BY a.id
            """, arguments: [captureSHA256]).map(Workspace.annotation(from:))
    }

    /// Places annotations on the types of a run: by signature first, else by the type that now holds the anchor
    /// message (`typeOfMessage`), else left as an orphan.
    public static func place(_ annotations: [Annotation], on types: [StoredType],
                             typeOfMessage: (Int) -> String?) -> [PlacedAnnotation] {
        var bySignature: [String: StoredType] = [:]
        var byID: [String: StoredType] = [:]
        for t in types {
            bySignature[t.signature] = bySignature[t.signature] ?? t
            byID[t.typeID] = t
        }
        return annotations.map { a in
            switch a.target.kind {
            case .capture, .message:
                return PlacedAnnotation(annotation: a, typeID: nil, fieldFound: false)
            case .type, .field:
                var t = bySignature[a.target.typeSignature]
                if t == nil, a.target.anchorMessage >= 0, let id = typeOfMessage(a.target.anchorMessage) { t = byID[id] }
                let found = a.target.kind == .field && (t?.info.fields.contains { $0.offset == a.target.fieldOffset } ?? false)
                return PlacedAnnotation(annotation: a, typeID: t?.typeID, fieldFound: found)
            }
        }
    }

    /// Places a capture's annotations on one of its runs, reading only the pages that hold anchor messages.
    public func placedAnnotations(captureSHA256: String, runID: Int64) throws -> [PlacedAnnotation] {
        try read("place annotations") { db in try placedAnnotations(captureSHA256: captureSHA256, runID: runID, db) }
    }

    func placedAnnotations(captureSHA256: String, runID: Int64, _ db: Database) throws -> [PlacedAnnotation] {
        let list = try annotations(captureSHA256: captureSHA256, db)
        guard !list.isEmpty else { return [] }
        let types = try types(runID: runID, db)
        var typeOf: [Int: String] = [:]
        let signatures = Set(types.map(\.signature))
        for a in list where (a.target.kind == .type || a.target.kind == .field) && !signatures.contains(a.target.typeSignature)
            && a.target.anchorMessage >= 0 {
            // Message positions equal capture indexes when the run covers the whole capture; check the index anyway.
            let m = try messages(runID: runID, range: a.target.anchorMessage..<(a.target.anchorMessage + 1), db)
            if let hit = m.first(where: { $0.messageIndex == a.target.anchorMessage }) { typeOf[a.target.anchorMessage] = hit.typeID }
        }
        return Workspace.place(list, on: types) { typeOf[$0] }
    }

    static func annotation(from r: Row) -> Annotation {
        let kindText: String = r["target"]
        let overrideText: String? = r["kindOverride"]
        let target = AnnotationTarget(kind: AnnotationTarget.Kind(rawValue: kindText) ?? .capture, typeSignature: r["typeSignature"],
                                      anchorMessage: r["anchorMessage"], fieldOffset: r["fieldOffset"], messageIndex: r["messageIndex"])
        return Annotation(target: target, name: r["name"], kindOverride: overrideText.flatMap(FieldKind.init(rawValue:)),
                          comment: r["comment"], bookmarked: r["bookmarked"], author: r["author"],
                          updatedAt: Date(timeIntervalSince1970: r["updatedAt"]))
    }
}
