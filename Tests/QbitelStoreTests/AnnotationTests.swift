import Foundation
import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct AnnotationTests {
    /// A re-run that numbers the types differently: the same clusters, ids shuffled, one rule reworded.
    func rerun(of r: DiscoveryResult) -> DiscoveryResult {
        var out = r
        let n = r.types.count
        func newID(_ id: String) -> String { "T\(n + 1 - Int(id.dropFirst())!)" }
        out.types = r.types.reversed().map { t in
            var t = t
            t.id = newID(t.id)
            return t
        }
        // The type that was T1 gets a different rule text: it must be found again through its anchor message.
        if let i = out.types.firstIndex(where: { $0.id == newID("T1") }) { out.types[i].rule = "reworded rule" }
        out.messages = r.messages.map { m in
            var m = m
            m.typeID = newID(m.typeID)
            return m
        }
        return out
    }

    @Test func annotationsSurviveARerunThatRenumbersTypes() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 21)
        let sha = id.fingerprint.sha256
        let first = SyntheticDiscovery.result(seed: 21, messageCount: 600, typeCount: 4)
        let run1 = try ws.saveRun(first, capture: id)
        let types1 = try ws.types(runID: run1)
        let t1 = try #require(types1.first { $0.typeID == "T1" })
        let t3 = try #require(types1.first { $0.typeID == "T3" })
        try ws.annotate(captureSHA256: sha, target: .type(t3), change: AnnotationChange(name: "Heartbeat", comment: "every 5 s"))
        try ws.annotate(captureSHA256: sha, target: .field(t3, offset: t3.info.fields[1].offset),
                        change: AnnotationChange(name: "seq", kindOverride: .counter))
        try ws.annotate(captureSHA256: sha, target: .type(t1), change: AnnotationChange(name: "Hello"))
        try ws.annotate(captureSHA256: sha, target: .message(42), change: AnnotationChange(bookmarked: true))
        try ws.annotate(captureSHA256: sha, target: .field(t3, offset: 999), change: AnnotationChange(name: "gone"))

        let run2 = try ws.saveRun(rerun(of: first), capture: id)
        let placed = try ws.placedAnnotations(captureSHA256: sha, runID: run2)
        func find(_ name: String) -> PlacedAnnotation? { placed.first { $0.annotation.name == name } }
        #expect(find("Heartbeat")?.typeID == "T2")      // same rule, new number
        #expect(find("Heartbeat")?.annotation.comment == "every 5 s")
        #expect(find("seq")?.typeID == "T2")
        #expect(find("seq")?.fieldFound == true)
        #expect(find("seq")?.annotation.kindOverride == .counter)
        #expect(find("Hello")?.typeID == "T4")          // rule changed: found through its anchor message
        #expect(find("gone")?.fieldFound == false)
        #expect(placed.contains { $0.annotation.target == .message(42) && $0.annotation.bookmarked })
    }

    @Test func changesMergeAndClearPartsAndRemoveDeletes() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 22)
        let sha = id.fingerprint.sha256
        try ws.recordCapture(id)
        try ws.annotate(captureSHA256: sha, target: .capture, change: AnnotationChange(name: "n", comment: "c"))
        let a = try ws.annotate(captureSHA256: sha, target: .capture, change: AnnotationChange(comment: .some(nil), bookmarked: true))
        #expect(a.name == "n" && a.comment == nil && a.bookmarked && a.author == ws.user)
        #expect(try ws.annotations(captureSHA256: sha) == [a])
        try ws.removeAnnotation(captureSHA256: sha, target: .capture)
        #expect(try ws.annotations(captureSHA256: sha).isEmpty)
        #expect(throws: QbitelError.self) {
            try ws.annotate(captureSHA256: "unknown", target: .capture, change: AnnotationChange(name: "x"))
        }
    }
}
