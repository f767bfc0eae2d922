import QbitelEngine
import QbitelStore

/// How an analyst edit is kept in the workspace: the target it is keyed by (type signature and field offset, so it
/// survives a re-run of discovery) and the change to apply.
public struct AnnotationRecord: Sendable {
    public var target: AnnotationTarget
    public var change: AnnotationChange

    /// nil for edits the workspace has no column for (merge, split): they stay in the session, with undo.
    public static func from(_ edit: AnnotationEdit, discovery: DiscoveryResult) -> AnnotationRecord? {
        let anchors = TypeSignature.anchors(of: discovery.messages)
        let signatures = TypeSignature.signatures(for: discovery.types, anchors: anchors)
        func type(_ id: String) -> (String, Int)? {
            guard let s = signatures[id] else { return nil }
            return (s, anchors[id] ?? -1)
        }
        switch edit {
        case .renameType(let t, let name):
            guard let (sig, anchor) = type(t) else { return nil }
            return AnnotationRecord(target: AnnotationTarget(kind: .type, typeSignature: sig, anchorMessage: anchor),
                                    change: AnnotationChange(name: .some(name.isEmpty ? nil : name)))
        case .renameField(let k, let name):
            guard let (sig, anchor) = type(k.typeID) else { return nil }
            return AnnotationRecord(target: AnnotationTarget(kind: .field, typeSignature: sig, anchorMessage: anchor,
                                                             fieldOffset: k.offset),
                                    change: AnnotationChange(name: .some(name.isEmpty ? nil : name)))
        case .changeKind(let k, let kind):
            guard let (sig, anchor) = type(k.typeID) else { return nil }
            return AnnotationRecord(target: AnnotationTarget(kind: .field, typeSignature: sig, anchorMessage: anchor,
                                                             fieldOffset: k.offset),
                                    change: AnnotationChange(kindOverride: .some(kind)))
        case .comment(let m, let text):
            return AnnotationRecord(target: .message(m), change: AnnotationChange(comment: .some(text.isEmpty ? nil : text)))
        case .bookmark(let m, let on):
            return AnnotationRecord(target: .message(m), change: AnnotationChange(bookmarked: on))
        case .merge, .split:
            return nil
        }
    }
}

extension AnnotationRecord {
    /// What to write so the workspace holds `new` where it held `old` (after an undo or redo): one record per
    /// changed name, kind, comment or bookmark, with nil clearing a value.
    public static func records(from old: Annotations, to new: Annotations, discovery: DiscoveryResult) -> [AnnotationRecord] {
        var out: [AnnotationRecord] = []
        for t in Set(old.typeNames.keys).union(new.typeNames.keys).sorted() where old.typeNames[t] != new.typeNames[t] {
            out += from(.renameType(t, new.typeNames[t] ?? ""), discovery: discovery).map { [$0] } ?? []
        }
        let fieldKeys = Set(old.fieldNames.keys).union(new.fieldNames.keys).sorted { ($0.typeID, $0.offset) < ($1.typeID, $1.offset) }
        for k in fieldKeys where old.fieldNames[k] != new.fieldNames[k] {
            out += from(.renameField(k, new.fieldNames[k] ?? ""), discovery: discovery).map { [$0] } ?? []
        }
        let kindKeys = Set(old.kindOverrides.keys).union(new.kindOverrides.keys).sorted { ($0.typeID, $0.offset) < ($1.typeID, $1.offset) }
        for k in kindKeys where old.kindOverrides[k] != new.kindOverrides[k] {
            guard var r = from(.changeKind(k, new.kindOverrides[k] ?? .bytes), discovery: discovery) else { continue }
            r.change = AnnotationChange(kindOverride: .some(new.kindOverrides[k]))
            out.append(r)
        }
        for m in Set(old.comments.keys).union(new.comments.keys).sorted() where old.comments[m] != new.comments[m] {
            out += from(.comment(m, new.comments[m] ?? ""), discovery: discovery).map { [$0] } ?? []
        }
        for m in old.bookmarks.symmetricDifference(new.bookmarks).sorted() {
            out += from(.bookmark(m, new.bookmarks.contains(m)), discovery: discovery).map { [$0] } ?? []
        }
        return out
    }
}

extension Annotations {
    /// The saved edits placed on the current run, as the workbench holds them (types by their run-local id).
    public static func restored(from placed: [PlacedAnnotation]) -> Annotations {
        var a = Annotations()
        for p in placed {
            let saved = p.annotation
            switch saved.target.kind {
            case .type:
                if let t = p.typeID, let n = saved.name { a.typeNames[t] = n }
            case .field:
                guard let t = p.typeID, p.fieldFound else { continue }
                let key = FieldKey(typeID: t, offset: saved.target.fieldOffset)
                if let n = saved.name { a.fieldNames[key] = n }
                if let k = saved.kindOverride { a.kindOverrides[key] = k }
            case .message:
                let m = saved.target.messageIndex
                if let c = saved.comment { a.comments[m] = c }
                if saved.bookmarked { a.bookmarks.insert(m) }
            case .capture:
                continue
            }
        }
        return a
    }
}
