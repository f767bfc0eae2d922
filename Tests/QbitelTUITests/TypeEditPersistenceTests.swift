import Foundation
import QbitelEngine
import QbitelStore
import Testing
@testable import QbitelTUI

/// Merges and splits made in the workbench go to the workspace as they are made (and as they are undone), and come
/// back when the capture is reopened, even after discovery renumbered the types.
@Suite struct TypeEditPersistenceTests {
    /// A fresh workspace file, removed when the test ends.
    final class Folder {
        let path = NSTemporaryDirectory() + "qbitel-tui-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let identity = CaptureIdentity(
        fingerprint: FileFingerprint(path: "/fixture.pcap", sha256: String(repeating: "ab", count: 32), size: 1000, modified: 0, inode: 0),
        format: "pcap", linkTypes: [1], firstTime: 0, lastTime: 20, frameCount: 20, messageCount: 20)

    /// The same clusters with T1 and T2 swapped, as a re-run may number them.
    static func renumbered(_ d: DiscoveryResult) -> DiscoveryResult {
        func swap(_ t: String) -> String { t == "T1" ? "T2" : (t == "T2" ? "T1" : t) }
        var out = d
        out.types = d.types.reversed().map { var t = $0; t.id = swap(t.id); return t }
        out.messages = d.messages.map { var m = $0; m.typeID = swap(m.typeID); return m }
        return out
    }

    /// Writes what the effects ask for, as the workbench's background work does.
    static func persist(_ fx: [WorkbenchEffect], _ d: DiscoveryResult, _ ws: Workspace) throws {
        for f in fx {
            let records: [AnnotationRecord]
            switch f {
            case .persist(let e): records = AnnotationRecord.from(e, discovery: d).map { [$0] } ?? []
            case .persistChange(let a, let b): records = AnnotationRecord.records(from: a, to: b, discovery: d)
            default: continue
            }
            for r in records { try ws.annotate(captureSHA256: identity.fingerprint.sha256, target: r.target, change: r.change) }
        }
    }

    /// Opens the capture again on a renumbered run, placing the saved edits as the workbench does.
    static func reopen(_ ws: Workspace) throws -> WorkbenchState {
        var s = WorkbenchState(captureName: "fixture.pcap", width: 160, height: 48)
        let c = WorkbenchFixture.capture()
        let d = renumbered(WorkbenchFixture.discovery(c))
        let run = try ws.saveRun(d, capture: identity)
        _ = WorkbenchReducer.reduce(&s, .captureLoaded(c))
        _ = WorkbenchReducer.reduce(&s, .discoveryFinished(d))
        let placed = try ws.placedAnnotations(captureSHA256: identity.fingerprint.sha256, runID: run)
        _ = WorkbenchReducer.reduce(&s, .annotationsRestored(.restored(from: placed)))
        return s
    }

    @Test func splitAndMergeArePlacedBackAfterTheTypesAreRenumbered() throws {
        let folder = Folder()
        let ws = try Workspace(path: folder.path + "/ws.sqlite")
        var s = WorkbenchFixture.state()
        let d = try #require(s.discovery)
        try ws.saveRun(d, capture: Self.identity)
        // Split T1 by its counter's low byte (offset 6), then merge T2 into the part of message 0.
        WorkbenchFixture.send(&s, .char("2"))
        for _ in 0..<6 { WorkbenchFixture.send(&s, .right) }
        var fx = WorkbenchFixture.send(&s, .char("S"))
        #expect(fx == [.persist(.split("T1", offset: 6))])
        #expect(s.typeID(of: 0) == "T1.00" && s.typeID(of: 2) == "T1.02")
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "merge T2 T1.00")
        fx += WorkbenchFixture.send(&s, .enter)
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "rename-type Hello")
        fx += WorkbenchFixture.send(&s, .enter)
        #expect(s.typeID(of: 1) == "T1.00")
        #expect(s.typeLabel("T1.00") == "Hello")
        try Self.persist(fx, d, ws)

        let reopened = try Self.reopen(ws)
        // T1 is now called T2: the split, the merge into its part and the part's name follow it.
        #expect(reopened.annotations.splits == ["T2": 6])
        #expect(reopened.annotations.merges == ["T1": "T2.00"])
        #expect(reopened.typeID(of: 0) == "T2.00")
        #expect(reopened.typeID(of: 1) == "T2.00")
        #expect(reopened.typeID(of: 2) == "T2.02")
        #expect(reopened.typeLabel("T2.00") == "Hello")
        let grid = WorkbenchFixture.render(reopened)
        #expect(grid.text.contains("Hello"))
    }

    @Test func undoAndRedoOfAMergeAreSavedToo() throws {
        let folder = Folder()
        let ws = try Workspace(path: folder.path + "/ws.sqlite")
        var s = WorkbenchFixture.state()
        let d = try #require(s.discovery)
        try ws.saveRun(d, capture: Self.identity)
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "merge T2 T1")
        try Self.persist(WorkbenchFixture.send(&s, .enter), d, ws)
        #expect(try Self.reopen(ws).typeID(of: 1) == "T2")   // T1 is T2 after renumbering
        try Self.persist(WorkbenchFixture.send(&s, .char("u")), d, ws)
        #expect(s.typeID(of: 1) == "T2")
        let undone = try Self.reopen(ws)
        #expect(undone.annotations.merges.isEmpty)
        #expect(undone.typeID(of: 1) == "T1")
        try Self.persist(WorkbenchFixture.send(&s, .ctrl("r")), d, ws)
        #expect(try Self.reopen(ws).annotations.merges == ["T1": "T2"])
    }

    @Test func editsMadeThisSessionWinOverSavedOnes() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "split 3")
        WorkbenchFixture.send(&s, .enter)
        var saved = Annotations()
        saved.splits["T1"] = 6
        saved.merges["T2"] = "T1"
        _ = WorkbenchReducer.reduce(&s, .annotationsRestored(saved))
        #expect(s.annotations.splits == ["T1": 3])
        #expect(s.annotations.merges == ["T2": "T1"])
        #expect(!s.annotations.merges.isEmpty && s.canUndo)
    }
}
