import Foundation
import QbitelEngine
import Testing
@testable import QbitelStore

/// A served `discover --json` document is assembled from saved sections; it must be the encoder's bytes exactly.
@Suite struct DiscoveryDocumentSectionsTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sample-captures").path

    static func analysed(_ file: String, typesOnly: Bool = false) async throws -> (Capture, OrchestratorResult) {
        let capture = try CaptureReader.read(path: samples + "/" + file)
        let options = OrchestratorOptions(discovery: DiscoveryOptions(typesOnly: typesOnly), validationLevel: .strict, typesOnly: typesOnly)
        let result = await Orchestrator(options: options).run(capture)
        #expect(result.isComplete)
        return (capture, result)
    }

    static func encoded(_ capture: Capture, _ result: OrchestratorResult, typesOnly: Bool = false) throws -> Data {
        try DiscoveryJSON.encode(OrchestratorJSON.document(capture: capture, result: result, typesOnly: typesOnly))
    }

    @Test(arguments: ["ntp.pcap", "radius.pcap", "syslog.pcap"])
    func assembledDocumentIsTheEncodersBytes(file: String) async throws {
        var (capture, result) = try await Self.analysed(file)
        let sections = try #require(try DiscoveryDocumentSections(result: result))
        let messages = try #require(result.discovery?.messages)
        #expect(try sections.document(capture: capture, messages: messages, typesOnly: false) == Self.encoded(capture, result))
        // A name that needs escaping, a classification and a served run's phases.
        capture.name = "odd \"name\" \\ with ünïcode/and\ttab"
        result.identification = ProtocolIdentification(label: "proto \"x\"", confidence: 0.8125, modelID: "m@2")
        result.fromCache = true
        let served = try #require(try DiscoveryDocumentSections(result: result))
        let document = try #require(try served.document(capture: capture, messages: messages, typesOnly: false))
        #expect(document == (try Self.encoded(capture, result)))
        #expect(String(decoding: document, as: UTF8.self).contains(#""from_cache":true"#))
        // Re-encoding only the phases gives the first run's document from the same sections.
        result.fromCache = false
        #expect(try served.withPhases(of: result).document(capture: capture, messages: messages, typesOnly: false)
                == Self.encoded(capture, result))
    }

    @Test func typesOnlyDocumentHasNoGrammarAndWholeMessageBoundaries() async throws {
        let (capture, result) = try await Self.analysed("ntp.pcap", typesOnly: true)
        #expect(result.grammar == nil && result.validation == nil)
        let sections = try #require(try DiscoveryDocumentSections(result: result))
        #expect(sections.grammar == nil && sections.validation == nil)
        let messages = try #require(result.discovery?.messages)
        #expect(try sections.document(capture: capture, messages: messages, typesOnly: true) == Self.encoded(capture, result, typesOnly: true))
    }

    @Test func savedRunIsServedReadOnlyAndOnlyForItsOptions() async throws {
        let (capture, result) = try await Self.analysed("radius.pcap")
        let dir = TemporaryFolder()
        let path = dir.file("w.sqlite")
        let hash = CaptureContentHash.compute(capture)
        let cache = WorkspaceDiscoveryCache(workspace: try Workspace(path: path), capturePath: Self.samples + "/radius.pcap",
                                            optionsTag: result.optionsTag, capture: capture)
        #expect(WorkspaceDiscoveryCache.servedDocument(workspacePath: path, optionsTag: result.optionsTag, hash: hash,
                                                       capture: capture, typesOnly: false) == nil)
        cache.save(result, hash: hash)
        #expect(cache.problems.isEmpty)
        var served = result
        served.fromCache = true
        #expect(cache.lastSavedDocument == (try DiscoveryDocumentSections(result: served)))
        try cache.workspace.close()
        let before = fileBytes(path)
        let document = try #require(WorkspaceDiscoveryCache.servedDocument(workspacePath: path, optionsTag: result.optionsTag,
                                                                           hash: hash, capture: capture, typesOnly: false))
        #expect(document.document == (try Self.encoded(capture, served)))
        #expect(document.typeCount == result.discovery?.types.count)
        #expect(fileBytes(path) == before)
        // Other options, another capture's hash, a missing or non-SQLite file: not served, and the file is untouched.
        #expect(WorkspaceDiscoveryCache.servedDocument(workspacePath: path, optionsTag: "other", hash: hash,
                                                       capture: capture, typesOnly: false) == nil)
        #expect(WorkspaceDiscoveryCache.servedDocument(workspacePath: path, optionsTag: result.optionsTag,
                                                       hash: String(repeating: "0", count: 64), capture: capture, typesOnly: false) == nil)
        #expect(WorkspaceDiscoveryCache.servedDocument(workspacePath: dir.file("missing.sqlite"), optionsTag: result.optionsTag,
                                                       hash: hash, capture: capture, typesOnly: false) == nil)
        let junk = dir.file("junk.sqlite")
        _ = FileManager.default.createFile(atPath: junk, contents: Data(repeating: 7, count: 4096))
        #expect(WorkspaceDiscoveryCache.servedDocument(workspacePath: junk, optionsTag: result.optionsTag, hash: hash,
                                                       capture: capture, typesOnly: false) == nil)
        #expect(fileBytes(junk) == [UInt8](repeating: 7, count: 4096))
    }

    @Test func aRunSavedWithoutSectionsIsLeftToTheOrchestrator() async throws {
        let (capture, result) = try await Self.analysed("ntp.pcap")
        let dir = TemporaryFolder()
        let path = dir.file("w.sqlite")
        let hash = CaptureContentHash.compute(capture)
        let ws = try Workspace(path: path)
        WorkspaceDiscoveryCache(workspace: ws, optionsTag: result.optionsTag, capture: capture).save(result, hash: hash)
        try ws.write("drop the sections") { db in try db.execute(sql: "DELETE FROM run_document") }
        try ws.close()
        #expect(WorkspaceDiscoveryCache.servedDocument(workspacePath: path, optionsTag: result.optionsTag, hash: hash,
                                                       capture: capture, typesOnly: false) == nil)
        // The envelope still serves it through the orchestrator's cache.
        #expect(WorkspaceDiscoveryCache(workspace: try Workspace(path: path), optionsTag: result.optionsTag, capture: capture)
            .load(hash: hash)?.grammar == result.grammar)
    }
}
