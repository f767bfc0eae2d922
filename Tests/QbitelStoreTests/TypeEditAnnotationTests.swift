import Foundation
import QbitelEngine
import Testing
@testable import QbitelStore

/// Merges and splits of message types, saved as type annotations and placed back on a re-run.
@Suite struct TypeEditAnnotationTests {
    @Test func mergesAndSplitsSurviveARerunThatRenumbersTypes() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 31)
        let sha = id.fingerprint.sha256
        let first = SyntheticDiscovery.result(seed: 31, messageCount: 600, typeCount: 4)
        let run1 = try ws.saveRun(first, capture: id)
        let types1 = try ws.types(runID: run1)
        let t1 = try #require(types1.first { $0.typeID == "T1" })
        let t2 = try #require(types1.first { $0.typeID == "T2" })
        let t3 = try #require(types1.first { $0.typeID == "T3" })
        // T3 split at byte 2; its part 0a merged into T1; T2 merged into T1; the part 0b of T3 named.
        try ws.annotate(captureSHA256: sha, target: .type(t3), change: AnnotationChange(splitOffset: 2))
        var part = AnnotationTarget.type(t3)
        part.subtype = "0a"
        try ws.annotate(captureSHA256: sha, target: part, change: AnnotationChange(mergeInto: .some(AnnotationTarget.type(t1).typeReference)))
        try ws.annotate(captureSHA256: sha, target: .type(t2), change: AnnotationChange(mergeInto: .some(AnnotationTarget.type(t1).typeReference)))
        var other = AnnotationTarget.type(t3)
        other.subtype = "0b"
        try ws.annotate(captureSHA256: sha, target: other, change: AnnotationChange(name: "Part B"))
        // The same type with and without a part are two annotations.
        try ws.annotate(captureSHA256: sha, target: .type(t3), change: AnnotationChange(name: "Whole"))
        #expect(try ws.annotations(captureSHA256: sha).count == 4)

        let run2 = try ws.saveRun(AnnotationTests().rerun(of: first), capture: id)
        let placed = try ws.placedAnnotations(captureSHA256: sha, runID: run2)
        let split = try #require(placed.first { $0.annotation.splitOffset == 2 })
        #expect(split.typeID == "T2")                       // T3 renumbered to T2 (same rule)
        #expect(split.annotation.name == "Whole")
        let partMerge = try #require(placed.first { $0.annotation.target.subtype == "0a" })
        #expect(partMerge.typeID == "T2")
        #expect(partMerge.mergeIntoTypeID == "T4")          // T1's rule was reworded: found through its anchor
        let typeMerge = try #require(placed.first { $0.annotation.target.typeSignature == t2.signature && $0.annotation.target.subtype.isEmpty })
        #expect(typeMerge.typeID == "T3")
        #expect(typeMerge.mergeIntoTypeID == "T4")
        #expect(placed.first { $0.annotation.target.subtype == "0b" }?.annotation.name == "Part B")

        // Clearing a merge and a split keeps the row's other parts.
        try ws.annotate(captureSHA256: sha, target: .type(t3), change: AnnotationChange(splitOffset: .some(nil)))
        try ws.annotate(captureSHA256: sha, target: .type(t2), change: AnnotationChange(mergeInto: .some(nil)))
        let after = try ws.annotations(captureSHA256: sha)
        #expect(after.first { $0.target == .type(t3) }?.splitOffset == nil)
        #expect(after.first { $0.target == .type(t3) }?.name == "Whole")
        #expect(after.first { $0.target == .type(t2) }?.mergeInto == nil)
    }

    @Test func anOrphanMergeTargetIsKeptButNotPlaced() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 32)
        let sha = id.fingerprint.sha256
        let run = try ws.saveRun(SyntheticDiscovery.result(seed: 32, messageCount: 100, typeCount: 3), capture: id)
        let t1 = try #require(try ws.types(runID: run).first)
        try ws.annotate(captureSHA256: sha, target: .type(t1),
                        change: AnnotationChange(mergeInto: .some(TypeReference(typeSignature: "no such rule", anchorMessage: -1))))
        let placed = try ws.placedAnnotations(captureSHA256: sha, runID: run)
        #expect(placed.count == 1)
        #expect(placed[0].typeID == t1.typeID)
        #expect(placed[0].mergeIntoTypeID == nil)
        #expect(placed[0].annotation.mergeInto?.typeSignature == "no such rule")
    }

    @Test func exportAndImportCarryMergesSplitsAndParts() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 33)
        let sha = id.fingerprint.sha256
        let run = try ws.saveRun(SyntheticDiscovery.result(seed: 33, messageCount: 100, typeCount: 3), capture: id)
        let types = try ws.types(runID: run)
        var part = AnnotationTarget.type(types[0])
        part.subtype = "short"
        try ws.annotate(captureSHA256: sha, target: part, change: AnnotationChange(mergeInto: .some(AnnotationTarget.type(types[1]).typeReference)))
        try ws.annotate(captureSHA256: sha, target: .type(types[0]), change: AnnotationChange(splitOffset: 5))
        let path = dir.file("bundle.json")
        try ws.exportBundle(captureSHA256: sha).write(path: path)
        let other = try dir.workspace("other.sqlite")
        try other.importBundle(try WorkspaceBundle.read(path: path))
        let imported = try other.annotations(captureSHA256: sha)
        #expect(imported.count == 2)
        #expect(imported.first { $0.target.subtype == "short" }?.mergeInto?.typeSignature == types[1].signature)
        #expect(imported.first { $0.target.subtype.isEmpty }?.splitOffset == 5)
    }

    @Test func aTargetFromAnOlderExportHasNoPart() throws {
        let json = #"{"kind":"type","typeSignature":"s","anchorMessage":3,"fieldOffset":-1,"messageIndex":-1}"#
        let t = try JSONDecoder().decode(AnnotationTarget.self, from: Data(json.utf8))
        #expect(t.subtype == "")
        #expect(t.typeSignature == "s" && t.anchorMessage == 3)
    }
}
