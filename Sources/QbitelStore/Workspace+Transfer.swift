import Foundation
import GRDB
import QbitelEngine

extension Workspace {
    /// Everything the workspace holds about one capture, as a bundle.
    public func exportBundle(captureSHA256: String) throws -> WorkspaceBundle {
        guard let cap = try capture(sha256: captureSHA256) else {
            throw QbitelError(.notFound, "no capture with hash \(captureSHA256.prefix(12)) in workspace \(path)")
        }
        var runs: [WorkspaceBundle.Run] = []
        for r in try self.runs(captureSHA256: captureSHA256).reversed() {
            var meta = r.metadata
            meta.phases = try phases(runID: r.id)
            runs.append(WorkspaceBundle.Run(metadata: meta, result: try result(runID: r.id), envelope: try envelope(runID: r.id)))
        }
        let identity = CaptureIdentity(
            fingerprint: FileFingerprint(path: cap.path, sha256: cap.sha256, size: cap.size, modified: 0, inode: 0),
            format: cap.format, linkTypes: cap.linkTypes, firstTime: cap.firstTime, lastTime: cap.lastTime,
            frameCount: cap.frameCount, messageCount: cap.messageCount)
        return WorkspaceBundle(format: WorkspaceBundle.formatName, formatVersion: WorkspaceBundle.currentFormatVersion,
                               exportedAt: Date(), capture: identity, runs: runs,
                               grammars: try grammars(captureSHA256: captureSHA256),
                               annotations: try annotations(captureSHA256: captureSHA256))
    }

    /// Merges a bundle in one transaction. Runs already present (same times, parameters and engine) and grammar
    /// versions already taken are skipped; annotations keep whichever side changed last. Importing twice adds nothing.
    @discardableResult
    public func importBundle(_ bundle: WorkspaceBundle, correlationID: String? = nil) throws -> ImportReport {
        let prepared = bundle.runs.map { run -> PreparedRun in
            var p = PreparedRun(run.result, metadata: run.metadata)
            p.envelope = run.envelope
            return p
        }
        let sha = bundle.capture.fingerprint.sha256
        return try write("import a capture") { db in
            var report = ImportReport(captureSHA256: sha, runsAdded: 0, runsSkipped: 0, grammarsAdded: 0, grammarsSkipped: 0,
                                      annotationsMerged: 0)
            var identity = bundle.capture
            if let existing = try Row.fetchOne(db, sql: "SELECT path, fileModified, fileInode FROM capture WHERE sha256 = ?", arguments: [sha]) {
                // Keep the local path and file facts: the bundle's path is from another machine.
                identity.fingerprint.path = existing["path"]
                identity.fingerprint.modified = existing["fileModified"] ?? 0
                identity.fingerprint.inode = UInt64(bitPattern: existing["fileInode"] ?? 0)
            }
            let captureID = try Workspace.upsertCapture(identity, db)
            for p in prepared {
                let m = p.metadata
                let dup = try Int.fetchOne(db, sql: """
                    SELECT 1 FROM run WHERE captureId = ? AND abs(startedAt - ?) < 0.001 AND abs(finishedAt - ?) < 0.001
                      AND parameters = ? AND engineVersion = ?
                    """, arguments: [captureID, m.startedAt.timeIntervalSince1970, m.finishedAt.timeIntervalSince1970, m.parameters, m.engineVersion])
                if dup != nil { report.runsSkipped += 1; continue }
                _ = try Workspace.insertRun(p, captureID: captureID, db)
                report.runsAdded += 1
            }
            for g in bundle.grammars {
                if try Int.fetchOne(db, sql: "SELECT 1 FROM grammar WHERE captureId = ? AND version = ?", arguments: [captureID, g.version]) != nil {
                    report.grammarsSkipped += 1
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO grammar (captureId, version, parentVersion, author, createdAt, runId, json) VALUES (?, ?, ?, ?, ?, NULL, ?)
                    """, arguments: [captureID, g.version, g.parentVersion, g.author, g.createdAt.timeIntervalSince1970, g.json])
                report.grammarsAdded += 1
            }
            for a in bundle.annotations {
                let t = a.target
                let localTime = try Double.fetchOne(db, sql: "SELECT updatedAt FROM annotation WHERE " + Workspace.annotationKeySQL,
                                                    arguments: Workspace.annotationKey(captureID: captureID, t))
                if let localTime, localTime >= a.updatedAt.timeIntervalSince1970 - 0.001 { continue }
                try upsertAnnotation(a, captureID: captureID, db)
                report.annotationsMerged += 1
            }
            try audit(db, action: "capture.import", resourceType: "capture", resourceID: sha,
                      details: ["runs": String(report.runsAdded), "grammars": String(report.grammarsAdded),
                                "annotations": String(report.annotationsMerged)], correlationID: correlationID)
            return report
        }
    }
}
