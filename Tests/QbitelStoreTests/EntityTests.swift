import Foundation
import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct EntityTests {
    @Test func grammarVersionsNumberUpAndNameTheirParent() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 31)
        let sha = id.fingerprint.sha256
        let runID = try ws.saveRun(SyntheticDiscovery.result(seed: 31, messageCount: 5), capture: id)
        let v1 = try ws.saveGrammar(captureSHA256: sha, json: "{\"rules\":1}", author: "engine", runID: runID)
        let v2 = try ws.saveGrammar(captureSHA256: sha, json: "{\"rules\":2}", author: "alice", parentVersion: v1.version)
        #expect(v1.version == 1 && v2.version == 2 && v2.parentVersion == 1)
        #expect(try ws.grammars(captureSHA256: sha) == [v1, v2])
        #expect(try ws.latestGrammar(captureSHA256: sha) == v2)
        #expect(throws: QbitelError.self) { try ws.saveGrammar(captureSHA256: sha, json: "{}", author: "x", parentVersion: 7) }
        // Deleting the run keeps the grammar, without its run link.
        try ws.deleteRun(id: runID)
        #expect(try ws.grammars(captureSHA256: sha).first?.runID == nil)
    }

    @Test func copilotConversationsKeepRolesTokensAndLatency() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 32)
        try ws.recordCapture(id)
        let conv = try ws.startConversation(captureSHA256: id.fingerprint.sha256, title: "what is field 3?")
        let q = CopilotTurn(role: "user", content: "what is field 3?")
        let a = CopilotTurn(role: "assistant", content: "a counter", model: "llama3.2:3b", promptTokens: 812,
                            completionTokens: 40, latencyMS: 1234.5)
        try ws.appendTurn(conversationID: conv, q)
        try ws.appendTurn(conversationID: conv, a)
        #expect(try ws.turns(conversationID: conv) == [q, a])
        let list = try ws.conversations(captureSHA256: id.fingerprint.sha256)
        #expect(list.map(\.turnCount) == [2])
        #expect(list.first?.title == "what is field 3?")
        #expect(throws: QbitelError.self) { try ws.appendTurn(conversationID: 999, q) }
    }

    @Test func classifierModelsAreVersionedAndReturnTheirBytes() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let m1 = try ws.saveClassifierModel(name: "default", featureSet: "f1", metrics: "{\"f1\":0.9}", data: [1, 2, 3])
        let m2 = try ws.saveClassifierModel(name: "default", featureSet: "f1", data: [4, 5])
        #expect(m1.version == 1 && m2.version == 2)
        #expect(try ws.classifierModels().map(\.byteCount) == [3, 2])
        #expect(try ws.classifierModel(name: "default").data == [4, 5])
        #expect(try ws.classifierModel(name: "default", version: 1).record.metrics == "{\"f1\":0.9}")
        do {
            _ = try ws.classifierModel(name: "missing")
            Issue.record("found a missing model")
        } catch let e as QbitelError {
            #expect(e.code == .modelNotFound)
        }
    }

    @Test func everyChangeIsAuditedWithUserResourceAndCorrelationID() throws {
        let dir = TemporaryFolder()
        let ws = try dir.workspace()
        let id = SyntheticDiscovery.identity(seed: 33)
        let runID = try ws.saveRun(SyntheticDiscovery.result(seed: 33, messageCount: 5), capture: id, correlationID: "corr-1")
        try ws.annotate(captureSHA256: id.fingerprint.sha256, target: .capture, change: AnnotationChange(name: "x"))
        let saves = try ws.auditLog(action: "run.save")
        #expect(saves.count == 1)
        #expect(saves.first?.resourceType == "run" && saves.first?.resourceID == String(runID))
        #expect(saves.first?.correlationID == "corr-1")
        #expect(saves.first?.user == ws.user && !ws.user.isEmpty)
        #expect(saves.first?.details["messages"] == "5")
        #expect(try ws.auditLog(user: ws.user).count == 2)
        #expect(try ws.auditLog(resourceType: "run", resourceID: String(runID)).count == 1)
        #expect(try ws.auditLog(since: Date().addingTimeInterval(60)).isEmpty)
    }
}
