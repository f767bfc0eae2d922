import Foundation
import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct RunStoreTests {
    @Test func aSavedRunComesBackEqualWithItsMetadataAndPhases() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let result = SyntheticDiscovery.result(seed: 5, messageCount: 1300)  // three pages
        let id = SyntheticDiscovery.identity(seed: 5)
        let meta = RunMetadata(startedAt: Date(timeIntervalSince1970: 1000), finishedAt: Date(timeIntervalSince1970: 1002),
                               engineVersion: "9.9", parameters: RunMetadata.canonicalParameters(DiscoveryOptions()),
                               status: .partial, failure: "semantics: out of memory",
                               phases: [RunPhase(name: "cluster", durationMS: 5), RunPhase(name: "semantics", durationMS: 1, status: "failed", error: "oom")])
        let runID = try ws.saveRun(result, capture: id, metadata: meta)
        #expect(try ws.result(runID: runID) == result)
        let run = try #require(try ws.run(id: runID))
        #expect(run.metadata.status == .partial)
        #expect(run.metadata.failure == "semantics: out of memory")
        #expect(run.metadata.engineVersion == "9.9")
        #expect(run.metadata.parameters.contains("typesOnly"))
        #expect(run.messageCount == 1300 && run.typeCount == result.types.count)
        #expect(try ws.phases(runID: runID) == meta.phases)
        #expect(try ws.types(runID: runID).map(\.info) == result.types)
    }

    @Test func pagesServeAnyRangeOfMessages() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let result = SyntheticDiscovery.result(seed: 6, messageCount: 2000)
        let runID = try ws.saveRun(result, capture: SyntheticDiscovery.identity(seed: 6))
        for range in [0..<10, 500..<530, 510..<1030, 1990..<2000, 1999..<2500, 3000..<3010] {
            let clipped = range.clamped(to: 0..<2000)
            #expect(try ws.messages(runID: runID, range: range) == Array(result.messages[clipped]))
        }
    }

    @Test func capturesRecordTheirFileFactsAndAreFoundByHashNameOrId() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let capturePath = dir.file("sample.pcap")
        _ = FileManager.default.createFile(atPath: capturePath, contents: Data("not really a pcap".utf8))
        let fp = try ws.fingerprint(path: capturePath)
        #expect(fp.sha256 == SHA256Hash.hex(Array("not really a pcap".utf8)))
        let identity = CaptureIdentity(fingerprint: fp, format: "pcap", linkTypes: [1, 113], firstTime: 10, lastTime: 20,
                                       frameCount: 3, messageCount: 2)
        try ws.recordCapture(identity)
        let stored = try #require(try ws.capture(sha256: fp.sha256))
        #expect(stored.fileName == "sample.pcap" && stored.size == 17 && stored.linkTypes == [1, 113])
        #expect(stored.firstTime == 10 && stored.lastTime == 20)
        #expect(try ws.findCapture("sample.pcap").id == stored.id)
        #expect(try ws.findCapture(String(fp.sha256.prefix(8))).id == stored.id)
        #expect(throws: QbitelError.self) { try ws.findCapture("other.pcap") }
        // A known, unchanged file is recognised without re-hashing; a changed one is hashed again.
        #expect(try ws.fingerprint(path: capturePath) == fp)
        _ = FileManager.default.createFile(atPath: capturePath, contents: Data("changed bytes".utf8))
        #expect(try ws.fingerprint(path: capturePath).sha256 == SHA256Hash.hex(Array("changed bytes".utf8)))
    }

    @Test func latestRunFiltersByParametersAndDeletingCascades() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 8)
        let sha = id.fingerprint.sha256
        let a = try ws.saveRun(SyntheticDiscovery.result(seed: 8, messageCount: 30), capture: id,
                               metadata: RunMetadata(finishedAt: Date(timeIntervalSince1970: 100), parameters: "{\"a\":1}"))
        let b = try ws.saveRun(SyntheticDiscovery.result(seed: 9, messageCount: 30), capture: id,
                               metadata: RunMetadata(finishedAt: Date(timeIntervalSince1970: 200), parameters: "{\"a\":2}", status: .failed))
        #expect(try ws.latestRun(captureSHA256: sha)?.id == b)
        #expect(try ws.latestRun(captureSHA256: sha, parameters: "{\"a\":1}")?.id == a)
        #expect(try ws.latestRun(captureSHA256: sha, completeOnly: true)?.id == a)
        #expect(try ws.latestRun(captureSHA256: sha, engineVersion: "0.0.0-other") == nil)
        try ws.deleteRun(id: a)
        #expect(try ws.runs(captureSHA256: sha).map(\.id) == [b])
        try ws.deleteCapture(sha256: sha)
        #expect(try ws.capture(sha256: sha) == nil)
        let orphans = try ws.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM run) + (SELECT count(*) FROM message_type) + (SELECT count(*) FROM type_field) + (SELECT count(*) FROM message_page) + (SELECT count(*) FROM run_phase)")
        }
        #expect(orphans == 0)
        #expect(try ws.check().isOK)
    }

    @Test func reopeningAKnownCaptureRestoresRunGrammarAndAnnotations() throws {
        let dir = TemporaryFolder()
        let id = SyntheticDiscovery.identity(seed: 12)
        let sha = id.fingerprint.sha256
        let result = SyntheticDiscovery.result(seed: 12, messageCount: 900)
        do {
            let ws = try dir.workspace()
            let runID = try ws.saveRun(result, capture: id)
            let t2 = try #require(try ws.types(runID: runID).first { $0.typeID == "T2" })
            try ws.annotate(captureSHA256: sha, target: .type(t2), change: AnnotationChange(name: "Login"))
            try ws.saveGrammar(captureSHA256: sha, json: "{\"grammar\":1}", author: "engine", runID: runID)
            try ws.close()
        }
        let ws = try dir.workspace()
        let session = try #require(try ws.restore(captureSHA256: sha, firstPageSize: 100))
        #expect(session.run?.messageCount == 900)
        #expect(session.types.map(\.info) == result.types)
        #expect(session.firstPage == Array(result.messages[0..<100]))
        #expect(session.grammar?.json == "{\"grammar\":1}")
        #expect(session.annotations.map(\.typeID) == ["T2"])
        #expect(session.annotations.first?.annotation.name == "Login")
        #expect(try ws.restore(captureSHA256: String(repeating: "0", count: 64)) == nil)
    }
}
