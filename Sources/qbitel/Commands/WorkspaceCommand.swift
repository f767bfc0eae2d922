import ArgumentParser
import Foundation
import QbitelEngine
import QbitelStore

/// The `--workspace PATH` option every workspace-using command shares.
struct WorkspaceOption: ParsableArguments {
    @Option(name: .customLong("workspace"), help: "The workspace file (default: $XDG_DATA_HOME/qbitel/workspace.sqlite).")
    var path: String?

    var resolved: String { WorkspaceLocation.resolve(override: path) }

    /// Opens for writing, or read-only when the file or disk does not allow writes (said on stderr).
    func openForReading() throws -> Workspace {
        let (ws, reason) = try Workspace.openPreferringWrite(path: resolved)
        if let reason { FileHandle.standardError.write(Data("qbitel: \(reason) (opened read-only)\n".utf8)) }
        return ws
    }

    func openForWriting() throws -> Workspace { try Workspace(path: resolved) }
}

struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace", abstract: "List, show, export, import, prune and check the workspace.",
        subcommands: [List.self, Show.self, Export.self, Import.self, Prune.self, Check.self],
        defaultSubcommand: List.self)

    static func date(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return f.string(from: d)
    }

    static func size(_ n: Int64) -> String {
        if n >= 1 << 30 { return String(format: "%.1f GiB", Double(n) / Double(1 << 30)) }
        if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / Double(1 << 20)) }
        if n >= 1 << 10 { return String(format: "%.1f KiB", Double(n) / Double(1 << 10)) }
        return "\(n) B"
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        e.dateEncodingStrategy = .iso8601
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the captures in the workspace, newest first.")
        @OptionGroup var workspace: WorkspaceOption
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runReportingErrors {
                let ws = try workspace.openForReading()
                let captures = try ws.captures()
                if json { emit(try WorkspaceCommand.json(captures)); return }
                if captures.isEmpty { emit("no captures in \(ws.path)\n"); return }
                var s = "HASH          FILE                              SIZE        RUNS  LAST OPENED\n"
                for c in captures {
                    let name = c.fileName.count > 32 ? String(c.fileName.prefix(31)) + "…" : c.fileName
                    s += String(c.sha256.prefix(12)).padding(toLength: 14, withPad: " ", startingAt: 0)
                    s += name.padding(toLength: 34, withPad: " ", startingAt: 0)
                    s += WorkspaceCommand.size(c.size).padding(toLength: 12, withPad: " ", startingAt: 0)
                    s += String(c.runCount).padding(toLength: 6, withPad: " ", startingAt: 0)
                    s += WorkspaceCommand.date(c.lastOpenedAt) + "\n"
                }
                emit(s)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a capture's runs, types, grammar versions and annotations.")
        @OptionGroup var workspace: WorkspaceOption
        @Argument(help: "The capture: file name, path, row id or hash prefix (6+ digits).") var capture: String
        @Flag(help: "Print JSON.") var json = false

        struct Document: Encodable {
            var capture: StoredCapture
            var runs: [StoredRun]
            var types: [StoredType]
            var grammars: [GrammarVersion]
            var annotations: [Annotation]
        }

        func run() async throws {
            try await runReportingErrors {
                let ws = try workspace.openForReading()
                let c = try ws.findCapture(capture)
                let runs = try ws.runs(captureSHA256: c.sha256)
                let types = try runs.first.map { try ws.types(runID: $0.id) } ?? []
                let grammars = try ws.grammars(captureSHA256: c.sha256)
                let placed = try runs.first.map { try ws.placedAnnotations(captureSHA256: c.sha256, runID: $0.id) }
                    ?? ws.annotations(captureSHA256: c.sha256).map { PlacedAnnotation(annotation: $0, typeID: nil, fieldFound: false) }
                if json {
                    emit(try WorkspaceCommand.json(Document(capture: c, runs: runs, types: types, grammars: grammars,
                                                            annotations: placed.map(\.annotation))))
                    return
                }
                var s = "\(c.fileName)  (\(c.path))\n"
                s += "sha256 \(c.sha256)\n"
                s += "size \(WorkspaceCommand.size(c.size))"
                if let f = c.format { s += ", \(f)" }
                if !c.linkTypes.isEmpty { s += ", link types \(c.linkTypes.map(String.init).joined(separator: ","))" }
                if let m = c.messageCount { s += ", \(m) messages" }
                s += "\nadded \(WorkspaceCommand.date(c.addedAt)), last opened \(WorkspaceCommand.date(c.lastOpenedAt))\n"
                s += "\nruns (\(runs.count)):\n"
                for r in runs {
                    s += "  #\(r.id)  \(WorkspaceCommand.date(r.metadata.finishedAt))  \(r.metadata.status.rawValue)  engine \(r.metadata.engineVersion)"
                    s += "  \(r.messageCount) messages, \(r.typeCount) types"
                    if let f = r.metadata.failure { s += "  (\(f))" }
                    s += "\n"
                }
                if let latest = runs.first {
                    s += "\ntypes of run #\(latest.id):\n"
                    let names = Dictionary(placed.compactMap { p in p.annotation.target.kind == .type ? p.typeID.map { ($0, p.annotation.name ?? "") } : nil },
                                           uniquingKeysWith: { a, _ in a })
                    for t in types {
                        let name = names[t.typeID].flatMap { $0.isEmpty ? nil : $0 } ?? t.info.name ?? ""
                        s += "  \(t.typeID.padding(toLength: 5, withPad: " ", startingAt: 0)) \(name.padding(toLength: 16, withPad: " ", startingAt: 0))"
                        s += " \(String(t.info.count).padding(toLength: 8, withPad: " ", startingAt: 0)) conf \(String(format: "%.2f", t.info.confidence))  \(t.info.rule)\n"
                    }
                }
                s += "\ngrammar versions (\(grammars.count)):\n"
                for g in grammars {
                    s += "  v\(g.version)\(g.parentVersion.map { " (from v\($0))" } ?? "")  by \(g.author)  \(WorkspaceCommand.date(g.createdAt))\n"
                }
                s += "\nannotations (\(placed.count)):\n"
                for p in placed {
                    let a = p.annotation
                    var what = a.target.kind.rawValue
                    if a.target.kind == .field { what += " @\(a.target.fieldOffset)" }
                    if a.target.kind == .message { what += " #\(a.target.messageIndex)" }
                    if a.target.kind == .type || a.target.kind == .field { what += " of \(p.typeID ?? "(no matching type)")" }
                    if !a.target.subtype.isEmpty { what += ", part \(a.target.subtype)" }
                    var parts: [String] = []
                    if let n = a.name { parts.append("name '\(n)'") }
                    if let o = a.splitOffset { parts.append("split by the byte at \(o)") }
                    if let into = a.mergeInto {
                        parts.append("merged into \(p.mergeIntoTypeID ?? "(no matching type)")" + (into.subtype.isEmpty ? "" : ", part \(into.subtype)"))
                    }
                    if let k = a.kindOverride { parts.append("kind \(k.rawValue)") }
                    if let c = a.comment { parts.append("'\(c)'") }
                    if a.bookmarked { parts.append("bookmarked") }
                    s += "  \(what): \(parts.joined(separator: ", "))  — \(a.author)\n"
                }
                emit(s)
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write a capture's runs, grammars and annotations to one file.")
        @OptionGroup var workspace: WorkspaceOption
        @Argument(help: "The capture: file name, path, row id or hash prefix.") var capture: String
        @Option(name: [.short, .long], help: "The file to write (default: FILE.qbitel.json).") var output: String?

        func run() async throws {
            try await runReportingErrors {
                let ws = try workspace.openForReading()
                let c = try ws.findCapture(capture)
                let bundle = try ws.exportBundle(captureSHA256: c.sha256)
                let out = output ?? c.fileName + ".qbitel.json"
                try bundle.write(path: out)
                if ws.access == .readWrite {
                    try ws.recordAudit(action: "capture.export", resourceType: "capture", resourceID: c.sha256, details: ["file": out])
                }
                emit("exported \(bundle.runs.count) runs, \(bundle.grammars.count) grammar versions, \(bundle.annotations.count) annotations of \(c.fileName) to \(out)\n")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Merge a file written by `workspace export` into the workspace.")
        @OptionGroup var workspace: WorkspaceOption
        @Argument(help: "The export file.") var file: String

        func run() async throws {
            try await runReportingErrors {
                let bundle = try WorkspaceBundle.read(path: file)
                let ws = try workspace.openForWriting()
                let r = try ws.importBundle(bundle)
                emit("imported \((bundle.capture.fingerprint.path as NSString).lastPathComponent) (\(r.captureSHA256.prefix(12))): "
                     + "\(r.runsAdded) runs added, \(r.runsSkipped) already present; \(r.grammarsAdded) grammar versions added, "
                     + "\(r.grammarsSkipped) already present; \(r.annotationsMerged) annotations merged\n")
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prune",
            abstract: "Remove old runs (keeping each capture's newest) and captures left with nothing an analyst made.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(name: .customLong("older-than"), help: "Age, e.g. 90s, 45m, 12h, 30d, 2w.") var olderThan: String
        @Flag(name: .customLong("dry-run"), help: "Only say what would be removed.") var dryRun = false
        @Flag(name: .customLong("include-audit"), help: "Also remove audit entries older than that.") var includeAudit = false

        func run() async throws {
            try await runReportingErrors {
                let age = try WorkspaceDuration.parse(olderThan)
                let ws = try workspace.openForWriting()
                let r = try ws.prune(olderThan: Date().addingTimeInterval(-age), includeAudit: includeAudit, dryRun: dryRun)
                emit("\(dryRun ? "would remove" : "removed") \(r.runsRemoved) runs, \(r.capturesRemoved) captures"
                     + (includeAudit ? ", \(r.auditEntriesRemoved) audit entries" : "") + "\n")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "check", abstract: "Run SQLite's integrity and foreign-key checks; exit 1 on a problem.")
        @OptionGroup var workspace: WorkspaceOption
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await runReportingErrors {
                let ws = try workspace.openForReading()
                let r = try ws.check()
                if json {
                    emit(try WorkspaceCommand.json(r))
                } else {
                    var s = "\(ws.path)\nintegrity: \(r.integrity.joined(separator: "; "))\n"
                    s += "foreign keys: \(r.foreignKeyViolations.isEmpty ? "ok" : r.foreignKeyViolations.joined(separator: "; "))\n"
                    s += "schema version: \(r.schemaVersion) of \(r.latestSchemaVersion)\n"
                    s += r.isOK ? "ok\n" : "PROBLEMS FOUND\n"
                    emit(s)
                }
                if !r.isOK { throw ExitCode(1) }
            }
        }
    }
}
