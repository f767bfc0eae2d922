import Foundation
import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct WorkspaceDiscoveryCacheTests {
    func analysis(hash: String, tag: String = "tag-a", messages: Int = 300) -> OrchestratorResult {
        var r = OrchestratorResult(captureName: "cap.pcap", captureHash: hash, optionsTag: tag)
        r.discovery = SyntheticDiscovery.result(seed: 3, messageCount: messages)
        r.grammar = Grammar(captureName: "cap.pcap", types: [])
        r.completedPhases = AnalysisPhase.allCases
        r.phaseTimingsMS = Dictionary(uniqueKeysWithValues: AnalysisPhase.allCases.map { ($0.rawValue, 2.5) })
        return r
    }

    @Test func aSavedAnalysisIsServedToALaterProcessWhole() throws {
        let dir = TemporaryFolder()
        let capture = dir.file("cap.pcap")
        _ = FileManager.default.createFile(atPath: capture, contents: Data("capture bytes".utf8))
        let hash = SHA256Hash.hex(Array("capture bytes".utf8))
        let saved = analysis(hash: hash)
        do {
            let cache = WorkspaceDiscoveryCache(workspace: try dir.workspace(), capturePath: capture, optionsTag: "tag-a")
            #expect(cache.load(hash: hash) == nil)
            cache.save(saved, hash: hash)
            #expect(cache.problems.isEmpty)
        }
        let ws = try dir.workspace()
        let later = WorkspaceDiscoveryCache(workspace: ws, capturePath: capture, optionsTag: "tag-a")
        #expect(later.load(hash: hash) == saved)
        // The run is an ordinary workspace run: listed under the file's name, with its phases and grammar version.
        #expect(try ws.captures().map(\.fileName) == ["cap.pcap"])
        let run = try #require(try ws.latestRun(captureSHA256: hash))
        #expect(run.metadata.parameters == "tag-a" && run.metadata.status == .complete)
        #expect(try ws.phases(runID: run.id).map(\.name) == AnalysisPhase.allCases.map(\.rawValue))
        #expect(try ws.grammars(captureSHA256: hash).count == 1)
        // The same grammar again is not a new version.
        later.save(saved, hash: hash)
        #expect(try ws.grammars(captureSHA256: hash).count == 1)
    }

    @Test func optionsTagAndFailuresAreRespected() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let hash = String(repeating: "ab", count: 32)
        let cacheA = WorkspaceDiscoveryCache(workspace: ws, optionsTag: "tag-a")
        let cacheB = WorkspaceDiscoveryCache(workspace: ws, optionsTag: "tag-b")
        cacheA.save(analysis(hash: hash, tag: "tag-a", messages: 10), hash: hash)
        cacheB.save(analysis(hash: hash, tag: "tag-b", messages: 20), hash: hash)
        #expect(cacheA.load(hash: hash)?.discovery?.messages.count == 10)
        #expect(cacheB.load(hash: hash)?.discovery?.messages.count == 20)
        // A failed analysis is kept as a run but never served.
        var failed = analysis(hash: hash, tag: "tag-c")
        failed.discovery = nil
        failed.completedPhases = [.analysis]
        failed.failedPhase = .classification
        failed.failure = PhaseFailure(QbitelError(.discoveryPhaseFailed, "boom"))
        let cacheC = WorkspaceDiscoveryCache(workspace: ws, optionsTag: "tag-c")
        cacheC.save(failed, hash: hash)
        #expect(try ws.latestRun(captureSHA256: hash)?.metadata.status == .failed)
        #expect(try ws.latestRun(captureSHA256: hash)?.metadata.failure?.contains("boom") == true)
        #expect(cacheC.load(hash: hash)?.optionsTag != "tag-c")
    }

    @Test func aReadOnlyWorkspaceRecordsTheProblemInsteadOfFailingTheAnalysis() throws {
        let dir = TemporaryFolder()
        let path = dir.file("w.sqlite")
        try Workspace(path: path).close()
        let ro = try Workspace(path: path, access: .readOnly)
        let cache = WorkspaceDiscoveryCache(workspace: ro)
        let hash = String(repeating: "cd", count: 32)
        cache.save(analysis(hash: hash), hash: hash)
        #expect(cache.problems.map(\.code) == [.workspaceReadOnly])
        #expect(cache.load(hash: hash) == nil)
    }

    @Test func statisticsAreRecomputedFromTheCaptureInsteadOfStored() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let messages = (0..<40).map { i in
            Message(index: i, frame: i + 1, timestamp: .zero, flow: .pseudo(), flowIndex: 0, direction: .clientToServer,
                    payload: ByteSlice([UInt8(i % 3), 0x10, UInt8(i), 0xff]))
        }
        let capture = Capture(name: "c", format: .bytes, frameCount: 40, linkTypes: [], messages: messages, flows: [],
                              warnings: [], firstTimestamp: nil, lastTimestamp: nil, byteCount: 160)
        let hash = String(repeating: "ef", count: 32)
        var saved = analysis(hash: hash, messages: 40)
        let stats = CaptureStatistics(messages: messages)
        saved.statistics = stats
        saved.discovery?.statistics = stats
        WorkspaceDiscoveryCache(workspace: ws, optionsTag: "tag-a", capture: capture).save(saved, hash: hash)
        let run = try #require(try ws.latestRun(captureSHA256: hash))
        let envelope = try #require(try ws.envelope(runID: run.id))
        #expect(!envelope.contains("columns"))
        #expect(WorkspaceDiscoveryCache(workspace: ws, optionsTag: "tag-a", capture: capture).load(hash: hash) == saved)
        // Without the capture the statistics cannot be rebuilt: a miss, never a result with parts missing.
        #expect(WorkspaceDiscoveryCache(workspace: ws, optionsTag: "tag-a").load(hash: hash) == nil)
    }
}
