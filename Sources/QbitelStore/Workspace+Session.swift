import GRDB
import QbitelEngine

extension Workspace {
    /// Restores the newest run, grammar and annotations of a known capture in one read; nil for an unknown hash.
    public func restore(captureSHA256: String, firstPageSize: Int = Workspace.defaultPageSize) throws -> WorkspaceSession? {
        try read("restore a capture") { db in
            guard let capRow = try Row.fetchOne(db, sql: Workspace.captureSelect + " WHERE c.sha256 = ?", arguments: [captureSHA256]) else {
                return nil
            }
            let capture = Workspace.capture(from: capRow)
            let run = try Row.fetchOne(db, sql: Workspace.runSelect + " WHERE r.captureId = ? ORDER BY r.finishedAt DESC, r.id DESC LIMIT 1",
                                       arguments: [capture.id]).map(Workspace.run(from:))
            let grammar = try Row.fetchOne(db, sql: "SELECT * FROM grammar WHERE captureId = ? ORDER BY version DESC LIMIT 1",
                                           arguments: [capture.id]).map(Workspace.grammar(from:))
            guard let run else {
                let notes = try annotations(captureSHA256: captureSHA256, db).map { PlacedAnnotation(annotation: $0, typeID: nil, fieldFound: false) }
                return WorkspaceSession(capture: capture, run: nil, phases: [], types: [], firstPage: [], grammar: grammar, annotations: notes)
            }
            return WorkspaceSession(capture: capture, run: run, phases: try phases(runID: run.id, db), types: try types(runID: run.id, db),
                                    firstPage: try messages(runID: run.id, range: 0..<Swift.min(firstPageSize, run.messageCount), db),
                                    grammar: grammar, annotations: try placedAnnotations(captureSHA256: captureSHA256, runID: run.id, db))
        }
    }
}
