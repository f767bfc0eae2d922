import Foundation
import GRDB
import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct TransferAndMaintenanceTests {
    @Test func exportImportMovesRunsGrammarsAndAnnotationsAndIsIdempotent() throws {
        let dir = TemporaryFolder()
        let source = try dir.workspace("a.sqlite")
        let id = SyntheticDiscovery.identity(seed: 41)
        let sha = id.fingerprint.sha256
        let r1 = SyntheticDiscovery.result(seed: 41, messageCount: 700)
        let r2 = SyntheticDiscovery.result(seed: 42, messageCount: 20)
        try source.saveRun(r1, capture: id, metadata: RunMetadata(startedAt: Date(timeIntervalSince1970: 10.123456),
                                                                  finishedAt: Date(timeIntervalSince1970: 11.5),
                                                                  phases: [RunPhase(name: "cluster", durationMS: 1.5)]))
        let run2 = try source.saveRun(r2, capture: id)
        let t = try #require(try source.types(runID: run2).first)
        try source.annotate(captureSHA256: sha, target: .type(t), change: AnnotationChange(name: "Ping"))
        try source.saveGrammar(captureSHA256: sha, json: "{\"g\":1}", author: "engine")

        let file = dir.file("export.json")
        try source.exportBundle(captureSHA256: sha).write(path: file)
        let attrs = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)

        let target = try dir.workspace("b.sqlite")
        let report = try target.importBundle(try WorkspaceBundle.read(path: file))
        #expect(report.runsAdded == 2 && report.grammarsAdded == 1 && report.annotationsMerged == 1)
        let runs = try target.runs(captureSHA256: sha)
        #expect(try runs.map { try target.result(runID: $0.id) }.contains(r1))
        #expect(try runs.map { try target.result(runID: $0.id) }.contains(r2))
        let oldRun = try #require(runs.first { $0.messageCount == 700 })
        #expect(try target.phases(runID: oldRun.id) == [RunPhase(name: "cluster", durationMS: 1.5)])
        #expect(try target.latestGrammar(captureSHA256: sha)?.json == "{\"g\":1}")
        #expect(try target.restore(captureSHA256: sha)?.annotations.first?.annotation.name == "Ping")

        let again = try target.importBundle(try WorkspaceBundle.read(path: file))
        #expect(again.runsAdded == 0 && again.runsSkipped == 2 && again.grammarsAdded == 0 && again.annotationsMerged == 0)
        #expect(try target.runs(captureSHA256: sha).count == 2)
    }

    @Test func aFileThatIsNotAnExportIsRefused() throws {
        let dir = TemporaryFolder()
        let file = dir.file("x.json")
        _ = FileManager.default.createFile(atPath: file, contents: Data("{\"format\":\"something else\"}".utf8))
        #expect(throws: QbitelError.self) { try WorkspaceBundle.read(path: file) }
    }

    @Test func pruneKeepsTheNewestRunAndAnalystWork() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let kept = SyntheticDiscovery.identity(seed: 51)
        let dropped = SyntheticDiscovery.identity(seed: 52)
        let old = Date(timeIntervalSince1970: 1000)
        for (i, when) in [1000.0, 2000.0, 3000.0].enumerated() {
            try ws.saveRun(SyntheticDiscovery.result(seed: UInt64(i), messageCount: 10), capture: kept,
                           metadata: RunMetadata(finishedAt: Date(timeIntervalSince1970: when)))
        }
        try ws.saveRun(SyntheticDiscovery.result(seed: 9, messageCount: 10), capture: dropped, metadata: RunMetadata(finishedAt: old))
        try ws.annotate(captureSHA256: kept.fingerprint.sha256, target: .capture, change: AnnotationChange(comment: "keep me"))
        try ws.pool.write { db in try db.execute(sql: "UPDATE capture SET lastOpenedAt = 0") }

        let cutoff = Date(timeIntervalSince1970: 2500)
        let plan = try ws.prune(olderThan: cutoff, dryRun: true)
        #expect(plan == PruneReport(runsRemoved: 3, capturesRemoved: 1, auditEntriesRemoved: 0))
        #expect(try ws.runs(captureSHA256: kept.fingerprint.sha256).count == 3)

        let done = try ws.prune(olderThan: cutoff)
        #expect(done == plan)
        #expect(try ws.runs(captureSHA256: kept.fingerprint.sha256).map { $0.metadata.finishedAt.timeIntervalSince1970 } == [3000])
        #expect(try ws.capture(sha256: dropped.fingerprint.sha256) == nil)
        #expect(try ws.annotations(captureSHA256: kept.fingerprint.sha256).count == 1)
        #expect(try ws.auditLog(action: "workspace.prune").count == 1)
        #expect(try ws.check().isOK)
    }

    @Test func checkReportsForeignKeyViolations() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        #expect(try ws.check() == WorkspaceCheckReport(integrity: ["ok"], foreignKeyViolations: [], schemaVersion: WorkspaceSchema.current,
                                                        latestSchemaVersion: WorkspaceSchema.current))
        try ws.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: "INSERT INTO grammar (captureId, version, author, createdAt, json) VALUES (77, 1, 'x', 0, '{}')")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        let report = try ws.check()
        #expect(!report.isOK)
        #expect(report.foreignKeyViolations.count == 1)
        #expect(report.foreignKeyViolations.first?.contains("grammar") == true)
    }

    @Test func writerActorSavesOffTheCallerInOrder() async throws {
        let dir = TemporaryFolder()
        let writer = WorkspaceWriter(try dir.workspace())
        let id = SyntheticDiscovery.identity(seed: 61)
        var ids: [Int64] = []
        for seed in 0..<5 {
            ids.append(try await writer.saveRun(SyntheticDiscovery.result(seed: UInt64(seed), messageCount: 20), capture: id))
        }
        #expect(ids == ids.sorted())
        try await writer.annotate(captureSHA256: id.fingerprint.sha256, target: .message(1), change: AnnotationChange(bookmarked: true))
        #expect(try writer.workspace.runs(captureSHA256: id.fingerprint.sha256).count == 5)
        #expect(try writer.workspace.annotations(captureSHA256: id.fingerprint.sha256).first?.bookmarked == true)
    }
}
