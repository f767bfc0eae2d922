import QbitelEngine
import QbitelStore

/// How an analyst edit is kept in the workspace: the target it is keyed by (type signature and field offset, so it
/// survives a re-run of discovery) and the change to apply.
public struct AnnotationRecord: Sendable {
    public var target: AnnotationTarget
    public var change: AnnotationChange

    /// nil when the edit names a type this run does not have.
    public static func from(_ edit: AnnotationEdit, discovery: DiscoveryResult) -> AnnotationRecord? {
        let anchors = TypeSignature.anchors(of: discovery.messages)
        let signatures = TypeSignature.signatures(for: discovery.types, anchors: anchors)
        func type(_ id: String) -> (String, Int)? {
            guard let s = signatures[id] else { return nil }
            return (s, anchors[id] ?? -1)
        }
        /// A type or one part of a split type (`T3.0a`, `T3.short`): its signature, anchor and part.
        func part(_ id: String) -> TypeReference? {
            if let (sig, anchor) = type(id) { return TypeReference(typeSignature: sig, anchorMessage: anchor) }
            guard let dot = id.lastIndex(of: "."), let (sig, anchor) = type(String(id[..<dot])) else { return nil }
            return TypeReference(typeSignature: sig, anchorMessage: anchor, subtype: String(id[id.index(after: dot)...]))
        }
        func target(_ kind: AnnotationTarget.Kind, _ r: TypeReference, fieldOffset: Int = -1) -> AnnotationTarget {
            AnnotationTarget(kind: kind, typeSignature: r.typeSignature, anchorMessage: r.anchorMessage, fieldOffset: fieldOffset,
                             subtype: r.subtype)
        }
        switch edit {
        case .renameType(let t, let name):
            guard let r = part(t) else { return nil }
            return AnnotationRecord(target: target(.type, r), change: AnnotationChange(name: .some(name.isEmpty ? nil : name)))
        case .renameField(let k, let name):
            guard let r = part(k.typeID) else { return nil }
            return AnnotationRecord(target: target(.field, r, fieldOffset: k.offset),
                                    change: AnnotationChange(name: .some(name.isEmpty ? nil : name)))
        case .changeKind(let k, let kind):
            guard let r = part(k.typeID) else { return nil }
            return AnnotationRecord(target: target(.field, r, fieldOffset: k.offset),
                                    change: AnnotationChange(kindOverride: .some(kind)))
        case .comment(let m, let text):
            return AnnotationRecord(target: .message(m), change: AnnotationChange(comment: .some(text.isEmpty ? nil : text)))
        case .bookmark(let m, let on):
            return AnnotationRecord(target: .message(m), change: AnnotationChange(bookmarked: on))
        case .merge(let from, let into):
            guard let f = part(from), let i = part(into) else { return nil }
            return AnnotationRecord(target: target(.type, f), change: AnnotationChange(mergeInto: .some(from == into ? nil : i)))
        case .split(let t, let offset):
            guard let (sig, anchor) = type(t) else { return nil }
            return AnnotationRecord(target: AnnotationTarget(kind: .type, typeSignature: sig, anchorMessage: anchor),
                                    change: AnnotationChange(splitOffset: .some(offset)))
        }
    }
}

extension AnnotationRecord {
    /// What to write so the workspace holds `new` where it held `old` (after an undo or redo): one record per
    /// changed name, kind, comment, bookmark, merge or split, with nil clearing a value.
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
        for t in Set(old.merges.keys).union(new.merges.keys).sorted() where old.merges[t] != new.merges[t] {
            // Merging a type into itself clears the merge.
            out += from(.merge(t, into: new.merges[t] ?? t), discovery: discovery).map { [$0] } ?? []
        }
        for t in Set(old.splits.keys).union(new.splits.keys).sorted() where old.splits[t] != new.splits[t] {
            guard var r = from(.split(t, offset: new.splits[t] ?? 0), discovery: discovery) else { continue }
            r.change = AnnotationChange(splitOffset: .some(new.splits[t]))
            out.append(r)
        }
        return out
    }
}

extension Annotations {
    /// The saved edits placed on the current run, as the workbench holds them (types by their run-local id).
    public static func restored(from placed: [PlacedAnnotation]) -> Annotations {
        var a = Annotations()
        func id(_ base: String, _ subtype: String) -> String { subtype.isEmpty ? base : base + "." + subtype }
        for p in placed {
            let saved = p.annotation
            switch saved.target.kind {
            case .type:
                guard let base = p.typeID else { continue }
                let t = id(base, saved.target.subtype)
                if let n = saved.name { a.typeNames[t] = n }
                if let o = saved.splitOffset, saved.target.subtype.isEmpty { a.splits[t] = o }
                if let into = saved.mergeInto, let intoBase = p.mergeIntoTypeID {
                    let i = id(intoBase, into.subtype)
                    if i != t { a.merges[t] = i }
                }
            case .field:
                guard let base = p.typeID, p.fieldFound else { continue }
                let key = FieldKey(typeID: id(base, saved.target.subtype), offset: saved.target.fieldOffset)
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
