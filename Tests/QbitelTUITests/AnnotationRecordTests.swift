import Foundation
import QbitelEngine
import QbitelStore
import Testing
@testable import QbitelTUI

@Suite struct AnnotationRecordTests {
    /// Two types whose rules differ; T2 first appears at message 1.
    func discovery() -> DiscoveryResult {
        let msgs = [0, 1, 2].map {
            MessageInference(messageIndex: $0, frame: $0 + 1, typeID: $0 == 1 ? "T2" : "T1", boundaries: [0, 4],
                             boundaryConfidence: [], fields: [])
        }
        return DiscoveryResult(captureName: "x", messages: msgs, types: [
            MessageTypeInfo(id: "T1", count: 2, confidence: 0.9, rule: "key field at 0 = 0x01"),
            MessageTypeInfo(id: "T2", count: 1, confidence: 0.9, rule: "key field at 0 = 0x02"),
        ])
    }

    @Test func fieldEditsAreKeyedByTypeSignatureAndOffset() throws {
        let d = discovery()
        let sigs = TypeSignature.signatures(for: d.types, anchors: TypeSignature.anchors(of: d.messages))
        let r = try #require(AnnotationRecord.from(.changeKind(FieldKey(typeID: "T2", offset: 2), .length), discovery: d))
        #expect(r.target.kind == .field)
        #expect(r.target.typeSignature == sigs["T2"])
        #expect(r.target.fieldOffset == 2)
        #expect(r.target.anchorMessage == 1)
        #expect(r.change.kindOverride == .some(.length))
        let rename = try #require(AnnotationRecord.from(.renameType("T1", "Hello"), discovery: d))
        #expect(rename.target.kind == .type)
        #expect(rename.target.typeSignature == sigs["T1"])
        #expect(rename.change.name == .some("Hello"))
    }

    @Test func messageEditsAndSessionOnlyEdits() throws {
        let d = discovery()
        let c = try #require(AnnotationRecord.from(.comment(2, "odd"), discovery: d))
        #expect(c.target == .message(2))
        #expect(c.change.comment == .some("odd"))
        let cleared = try #require(AnnotationRecord.from(.renameField(FieldKey(typeID: "T1", offset: 0), ""), discovery: d))
        #expect(cleared.change.name == .some(nil))
        #expect(AnnotationRecord.from(.renameType("T9", "x"), discovery: d) == nil)
        #expect(AnnotationRecord.from(.merge("T9", into: "T1"), discovery: d) == nil)
    }

    @Test func mergesAndSplitsAreKeyedByTypeSignatureAndSplitPart() throws {
        let d = discovery()
        let sigs = TypeSignature.signatures(for: d.types, anchors: TypeSignature.anchors(of: d.messages))
        let merge = try #require(AnnotationRecord.from(.merge("T2", into: "T1"), discovery: d))
        #expect(merge.target == AnnotationTarget(kind: .type, typeSignature: sigs["T2"]!, anchorMessage: 1))
        #expect(merge.change.mergeInto == .some(TypeReference(typeSignature: sigs["T1"]!, anchorMessage: 0)))
        let split = try #require(AnnotationRecord.from(.split("T1", offset: 3), discovery: d))
        #expect(split.target == AnnotationTarget(kind: .type, typeSignature: sigs["T1"]!, anchorMessage: 0))
        #expect(split.change.splitOffset == .some(3))
        // A part of a split type merged into another part, and a name on a part.
        let parts = try #require(AnnotationRecord.from(.merge("T1.0a", into: "T1.short"), discovery: d))
        #expect(parts.target.subtype == "0a" && parts.target.typeSignature == sigs["T1"])
        #expect(parts.change.mergeInto == .some(TypeReference(typeSignature: sigs["T1"]!, anchorMessage: 0, subtype: "short")))
        let named = try #require(AnnotationRecord.from(.renameType("T2.ff", "Odd"), discovery: d))
        #expect(named.target.subtype == "ff" && named.change.name == .some("Odd"))
    }
}

@Suite struct AnnotationRestoreTests {
    @Test func placedAnnotationsBecomeSessionAnnotations() {
        func placed(_ t: AnnotationTarget, name: String? = nil, kind: FieldKind? = nil, comment: String? = nil,
                    bookmarked: Bool = false, typeID: String?, found: Bool = true) -> PlacedAnnotation {
            PlacedAnnotation(annotation: Annotation(target: t, name: name, kindOverride: kind, comment: comment,
                                                    bookmarked: bookmarked, author: "a"),
                             typeID: typeID, fieldFound: found)
        }
        let a = Annotations.restored(from: [
            placed(AnnotationTarget(kind: .type, typeSignature: "s1"), name: "Hello", typeID: "T3"),
            placed(AnnotationTarget(kind: .field, typeSignature: "s1", fieldOffset: 4), name: "len", kind: .length, typeID: "T3"),
            placed(AnnotationTarget(kind: .field, typeSignature: "gone", fieldOffset: 2), name: "lost", typeID: nil),
            placed(.message(7), comment: "odd", bookmarked: true, typeID: nil),
        ])
        #expect(a.typeNames == ["T3": "Hello"])
        #expect(a.fieldNames == [FieldKey(typeID: "T3", offset: 4): "len"])
        #expect(a.kindOverrides == [FieldKey(typeID: "T3", offset: 4): .length])
        #expect(a.comments == [7: "odd"])
        #expect(a.bookmarks == [7])
    }

    @Test func placedMergesAndSplitsUseTheRunsTypeIDs() {
        func placed(_ t: AnnotationTarget, split: Int? = nil, into: TypeReference? = nil, name: String? = nil, typeID: String?,
                    intoID: String?) -> PlacedAnnotation {
            PlacedAnnotation(annotation: Annotation(target: t, name: name, splitOffset: split, mergeInto: into, author: "a"),
                             typeID: typeID, fieldFound: false, mergeIntoTypeID: intoID)
        }
        let a = Annotations.restored(from: [
            placed(AnnotationTarget(kind: .type, typeSignature: "s3"), split: 2, typeID: "T5", intoID: nil),
            placed(AnnotationTarget(kind: .type, typeSignature: "s3", subtype: "0a"), into: TypeReference(typeSignature: "s1"),
                   name: "A", typeID: "T5", intoID: "T2"),
            placed(AnnotationTarget(kind: .type, typeSignature: "s4"), into: TypeReference(typeSignature: "s3", subtype: "short"),
                   typeID: "T6", intoID: "T5"),
            placed(AnnotationTarget(kind: .type, typeSignature: "gone"), into: TypeReference(typeSignature: "s1"), typeID: nil, intoID: "T2"),
            placed(AnnotationTarget(kind: .type, typeSignature: "s7"), into: TypeReference(typeSignature: "gone"), typeID: "T7", intoID: nil),
        ])
        #expect(a.splits == ["T5": 2])
        #expect(a.merges == ["T5.0a": "T2", "T6": "T5.short"])
        #expect(a.typeNames == ["T5.0a": "A"])
    }
}

@Suite struct AnnotationUndoRecordTests {
    @Test func undoWritesOnlyWhatChangedAndClearsRemovedValues() throws {
        let d = AnnotationRecordTests().discovery()
        var before = Annotations()
        before.typeNames["T1"] = "Hello"
        before.comments[2] = "odd"
        var after = before
        after.typeNames["T1"] = nil
        after.bookmarks.insert(0)
        after.kindOverrides[FieldKey(typeID: "T2", offset: 2)] = .counter
        let recs = AnnotationRecord.records(from: before, to: after, discovery: d)
        #expect(recs.count == 3)
        #expect(recs.contains { $0.target.kind == .type && $0.change.name == .some(nil) })
        #expect(recs.contains { $0.target == .message(0) && $0.change.bookmarked == true })
        #expect(recs.contains { $0.target.kind == .field && $0.change.kindOverride == .some(.counter) })
        #expect(!recs.contains { $0.target == .message(2) })
        #expect(AnnotationRecord.records(from: after, to: after, discovery: d).isEmpty)
    }

    @Test func undoOfAMergeOrSplitClearsIt() throws {
        let d = AnnotationRecordTests().discovery()
        var before = Annotations()
        before.splits["T1"] = 4
        var after = Annotations()
        after.merges["T2"] = "T1"
        let recs = AnnotationRecord.records(from: before, to: after, discovery: d)
        #expect(recs.count == 2)
        #expect(recs.contains { $0.change.splitOffset == .some(nil) && $0.target.anchorMessage == 0 })
        #expect(recs.contains { $0.change.mergeInto != nil && $0.change.mergeInto! != nil && $0.target.anchorMessage == 1 })
        let back = AnnotationRecord.records(from: after, to: before, discovery: d)
        #expect(back.contains { $0.change.mergeInto == .some(nil) })
        #expect(back.contains { $0.change.splitOffset == .some(4) })
    }
}
