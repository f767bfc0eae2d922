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
            let existing = try Row.fetchOne(db, sql: "SELECT * FROM annotation WHERE " + Workspace.annotationKeySQL,
                                            arguments: Workspace.annotationKey(captureID: captureID, target))
            var a = existing.map { Workspace.annotation(from: $0) } ?? Annotation(target: target, author: user)
            if let n = change.name { a.name = n }
            if let k = change.kindOverride { a.kindOverride = k }
            if let c = change.comment { a.comment = c }
            if let b = change.bookmarked { a.bookmarked = b }
            if let o = change.splitOffset { a.splitOffset = o }
            if let m = change.mergeInto { a.mergeInto = m }
            a.author = user
            a.updatedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970)
            try upsertAnnotation(a, captureID: captureID, db)
            try audit(db, action: "annotation.set", resourceType: "annotation",
                      resourceID: "\(captureSHA256)/\(target.kind.rawValue)/\(target.typeSignature)/\(target.fieldOffset)/\(target.messageIndex)"
                        + (target.subtype.isEmpty ? "" : "/\(target.subtype)"),
                      correlationID: correlationID)
            return a
        }
    }

    /// The columns that identify one annotation, as a WHERE clause (arguments from `annotationKey`).
    static let annotationKeySQL =
        "captureId = ? AND target = ? AND typeSignature = ? AND subtype = ? AND fieldOffset = ? AND messageIndex = ?"

    static func annotationKey(captureID: Int64, _ t: AnnotationTarget) -> StatementArguments {
        [captureID, t.kind.rawValue, t.typeSignature, t.subtype, t.fieldOffset, t.messageIndex]
    }

    func upsertAnnotation(_ a: Annotation, captureID: Int64, _ db: Database) throws {
        let t = a.target
        try db.execute(sql: """
            INSERT INTO annotation (captureId, target, typeSignature, anchorMessage, fieldOffset, messageIndex, subtype, name,
                                    kindOverride, comment, bookmarked, splitOffset, mergeIntoSignature, mergeIntoAnchor,
                                    mergeIntoSubtype, author, updatedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(captureId, target, typeSignature, subtype, fieldOffset, messageIndex) DO UPDATE SET
              anchorMessage = excluded.anchorMessage, name = excluded.name, kindOverride = excluded.kindOverride,
              comment = excluded.comment, bookmarked = excluded.bookmarked, splitOffset = excluded.splitOffset,
              mergeIntoSignature = excluded.mergeIntoSignature, mergeIntoAnchor = excluded.mergeIntoAnchor,
              mergeIntoSubtype = excluded.mergeIntoSubtype, author = excluded.author, updatedAt = excluded.updatedAt
            """, arguments: [captureID, t.kind.rawValue, t.typeSignature, t.anchorMessage, t.fieldOffset, t.messageIndex, t.subtype,
                             a.name, a.kindOverride?.rawValue, a.comment, a.bookmarked, a.splitOffset, a.mergeInto?.typeSignature,
                             a.mergeInto?.anchorMessage ?? -1, a.mergeInto?.subtype ?? "", a.author,
                             a.updatedAt.timeIntervalSince1970])
    }

    /// Removes the annotation on `target`, if any.
    public func removeAnnotation(captureSHA256: String, target: AnnotationTarget, correlationID: String? = nil) throws {
        try write("remove an annotation") { db in
            let captureID = try captureID(sha256: captureSHA256, db)
            try db.execute(sql: "DELETE FROM annotation WHERE " + Workspace.annotationKeySQL,
                           arguments: Workspace.annotationKey(captureID: captureID, target))
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
    /// message (`typeOfMessage`), else left as an orphan. The type a merge points into is found the same way.
    public static func place(_ annotations: [Annotation], on types: [StoredType],
                             typeOfMessage: (Int) -> String?) -> [PlacedAnnotation] {
        var bySignature: [String: StoredType] = [:]
        var byID: [String: StoredType] = [:]
        for t in types {
            bySignature[t.signature] = bySignature[t.signature] ?? t
            byID[t.typeID] = t
        }
        func find(signature: String, anchor: Int) -> StoredType? {
            if let t = bySignature[signature] { return t }
            guard anchor >= 0, let id = typeOfMessage(anchor) else { return nil }
            return byID[id]
        }
        return annotations.map { a in
            switch a.target.kind {
            case .capture, .message:
                return PlacedAnnotation(annotation: a, typeID: nil, fieldFound: false)
            case .type, .field:
                let t = find(signature: a.target.typeSignature, anchor: a.target.anchorMessage)
                let found = a.target.kind == .field && (t?.info.fields.contains { $0.offset == a.target.fieldOffset } ?? false)
                let into = a.mergeInto.flatMap { find(signature: $0.typeSignature, anchor: $0.anchorMessage) }
                return PlacedAnnotation(annotation: a, typeID: t?.typeID, fieldFound: found, mergeIntoTypeID: into?.typeID)
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
        var anchors: Set<Int> = []
        for a in list where a.target.kind == .type || a.target.kind == .field {
            if !signatures.contains(a.target.typeSignature) && a.target.anchorMessage >= 0 { anchors.insert(a.target.anchorMessage) }
            if let m = a.mergeInto, !signatures.contains(m.typeSignature), m.anchorMessage >= 0 { anchors.insert(m.anchorMessage) }
        }
        for anchor in anchors.sorted() {
            // Message positions equal capture indexes when the run covers the whole capture; check the index anyway.
            let m = try messages(runID: runID, range: anchor..<(anchor + 1), db)
            if let hit = m.first(where: { $0.messageIndex == anchor }) { typeOf[anchor] = hit.typeID }
        }
        return Workspace.place(list, on: types) { typeOf[$0] }
    }

    static func annotation(from r: Row) -> Annotation {
        let kindText: String = r["target"]
        let overrideText: String? = r["kindOverride"]
        let target = AnnotationTarget(kind: AnnotationTarget.Kind(rawValue: kindText) ?? .capture, typeSignature: r["typeSignature"],
                                      anchorMessage: r["anchorMessage"], fieldOffset: r["fieldOffset"], messageIndex: r["messageIndex"],
                                      subtype: r["subtype"])
        let intoSignature: String? = r["mergeIntoSignature"]
        let into = intoSignature.map { TypeReference(typeSignature: $0, anchorMessage: r["mergeIntoAnchor"], subtype: r["mergeIntoSubtype"]) }
        return Annotation(target: target, name: r["name"], kindOverride: overrideText.flatMap(FieldKind.init(rawValue:)),
                          comment: r["comment"], bookmarked: r["bookmarked"], splitOffset: r["splitOffset"], mergeInto: into,
                          author: r["author"], updatedAt: Date(timeIntervalSince1970: r["updatedAt"]))
    }
}
