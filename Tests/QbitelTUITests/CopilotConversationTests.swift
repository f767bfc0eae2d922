import Foundation
import QbitelCopilot
import QbitelEngine
import QbitelStore
import Testing
@testable import QbitelTUI

/// The workbench saves each copilot question and answer in the workspace and shows them when the capture is reopened.
@Suite struct CopilotConversationTests {
    /// A provider that answers every question with two pieces and fixed counts.
    struct ScriptedProvider: CopilotProvider {
        var name: String { "ollama" }
        var isLocal: Bool { true }
        func chat(_ request: ChatRequest, cancel: CancellationFlag) -> AsyncThrowingStream<ChatEvent, Error> {
            AsyncThrowingStream { c in
                c.yield(.delta("It looks like "))
                c.yield(.delta("a length field."))
                c.yield(.done(ChatStats(provider: "ollama", model: request.model, doneReason: "stop", promptTokens: 321, answerTokens: 9)))
                c.finish()
            }
        }
    }

    final class Folder {
        let path = NSTemporaryDirectory() + "qbitel-tui-chat-\(UUID().uuidString)"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let sha = String(repeating: "cd", count: 32)

    static func workspace(_ folder: Folder) throws -> Workspace {
        let ws = try Workspace(path: folder.path + "/ws.sqlite")
        try ws.recordCapture(CaptureIdentity(fingerprint: FileFingerprint(path: "/fixture.pcap", sha256: sha, size: 1, modified: 0, inode: 0)))
        return ws
    }

    @Test func eachExchangeIsSavedWithModelTokensAndLatencyOffTheCallersThread() async throws {
        let folder = Folder()
        let ws = try Self.workspace(folder)
        let queue = DispatchQueue(label: "test-writes")
        let sink = WorkbenchConversationSink(workspace: ws, captureName: "fixture.pcap", captureHash: Locked(Self.sha), queue: queue)
        var config = CopilotConfiguration()
        config.model = "tiny:1b"
        config.anthropicModel = "tiny:1b"   // a provider that is not Ollama is sent this model name
        let copilot = Copilot(configuration: config, providers: [ScriptedProvider()], sink: sink)
        for q in ["What is byte 1?", "And byte 3?"] {
            var text = ""
            for try await e in copilot.ask(q) { if case .delta(let p) = e { text += p } }
            #expect(text == "It looks like a length field.")
        }
        queue.sync {}   // the writes were queued; wait for them
        let conversations = try ws.conversations(captureSHA256: Self.sha)
        #expect(conversations.count == 1)
        #expect(conversations[0].title.contains("fixture.pcap"))
        let turns = try ws.turns(conversationID: conversations[0].id)
        #expect(turns.map(\.role) == ["user", "assistant", "user", "assistant"])
        #expect(turns[0].content == "What is byte 1?" && turns[2].content == "And byte 3?")
        #expect(turns[1].content == "It looks like a length field.")
        #expect(turns[1].model == "tiny:1b")
        #expect(turns[1].promptTokens == 321)
        #expect(turns[1].completionTokens == 9)
        #expect((turns[1].latencyMS ?? -1) >= 0)
    }

    @Test func savedConversationsComeBackAboveTheSessionOnce() throws {
        let folder = Folder()
        let ws = try Self.workspace(folder)
        let sink = WorkbenchConversationSink(workspace: ws, captureName: "fixture.pcap", captureHash: Locked(Self.sha),
                                             queue: DispatchQueue(label: "w"))
        try sink.write(CopilotExchange(conversationID: "c1", captureName: "fixture.pcap", messageNumber: 1, action: nil,
                                       question: "Which protocol is this?", answer: "A request/response protocol.",
                                       provider: "ollama", model: "tiny:1b", promptTokens: 100, answerTokens: 7,
                                       startedAt: Date(timeIntervalSince1970: 1_790_000_000), durationSeconds: 1.25, errorCode: nil))
        let saved = try WorkbenchConversationSink.savedHistory(ws, captureSHA256: Self.sha)
        #expect(saved.count == 3)
        #expect(saved[0].role == .system && saved[0].text.contains("saved conversation"))
        #expect(saved[1] == .init(role: .user, text: "Which protocol is this?"))
        #expect(saved[2].role == .copilot && saved[2].text.contains("A request/response protocol."))
        #expect(saved[2].text.contains("100+7 tokens") && saved[2].text.contains("1250 ms"))
        // Another capture's conversations are not shown.
        #expect(try WorkbenchConversationSink.savedHistory(ws, captureSHA256: String(repeating: "0", count: 64)).isEmpty)

        var s = WorkbenchFixture.state()
        s.copilot.history = [.init(role: .user, text: "new question")]
        _ = WorkbenchReducer.reduce(&s, .copilotHistoryRestored(saved))
        _ = WorkbenchReducer.reduce(&s, .copilotHistoryRestored(saved))
        #expect(s.copilot.history.count == 5)
        #expect(s.copilot.history.first?.role == .system)
        #expect(s.copilot.history.last?.text == "new question")
        WorkbenchFixture.send(&s, .char("5"), .char("z"))
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("you: Which protocol is this?"))
        #expect(text.contains("ai: A request/response protocol."))
        #expect(text.contains("you: new question"))
    }

    @Test func onlyTheNewestTurnsAreKept() {
        let old = CopilotConversation(id: 1, captureSHA256: nil, title: "old", createdAt: Date(timeIntervalSince1970: 0), turnCount: 4)
        let new = CopilotConversation(id: 2, captureSHA256: nil, title: "new", createdAt: Date(timeIntervalSince1970: 100), turnCount: 2)
        let turns = (0..<4).map { CopilotTurn(role: $0 % 2 == 0 ? "user" : "assistant", content: "old \($0)") }
        let entries = CopilotPaneState.entries(fromSaved: [(old, turns), (new, [CopilotTurn(role: "user", content: "n0"),
                                                                                CopilotTurn(role: "assistant", content: "n1")])], limit: 3)
        #expect(entries.map(\.text).filter { !$0.hasPrefix("saved") } == ["old 3", "n0", "n1"])
        #expect(entries.filter { $0.role == .system }.count == 2)
    }
}
