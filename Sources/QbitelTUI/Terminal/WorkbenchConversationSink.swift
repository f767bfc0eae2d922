import Foundation
import QbitelCopilot
import QbitelEngine
import QbitelStore

/// Saves the workbench's copilot exchanges in the workspace: one conversation per workbench session and capture,
/// each question and answer a turn with its model, token counts and latency.
///
/// The copilot calls `record` on its own task; the write itself goes onto the workbench's serial write queue, so
/// neither the UI loop nor the answer stream waits for the disk.
final class WorkbenchConversationSink: ConversationSink {
    let workspace: Workspace
    let captureName: String
    private let captureHash: Locked<String?>
    private let queue: DispatchQueue
    private let onError: @Sendable (String) -> Void
    /// The workspace conversation this session writes to, once started; touched on `queue` only.
    private let conversationID = Locked<Int64?>(nil)

    init(workspace: Workspace, captureName: String, captureHash: Locked<String?>, queue: DispatchQueue,
         onError: @escaping @Sendable (String) -> Void = { _ in }) {
        self.workspace = workspace
        self.captureName = captureName
        self.captureHash = captureHash
        self.queue = queue
        self.onError = onError
    }

    func record(_ exchange: CopilotExchange) throws {
        queue.async { [self] in
            do {
                try write(exchange)
            } catch {
                onError("copilot conversation not saved: \(error)")
            }
        }
    }

    /// Writes one exchange now (on the caller's thread): the question as a `user` turn, the answer (with the error
    /// code when it failed) as an `assistant` turn.
    func write(_ e: CopilotExchange) throws {
        let id: Int64
        if let existing = conversationID.get() {
            id = existing
        } else {
            let about = e.action?.rawValue ?? String(e.question.prefix(60))
            id = try workspace.startConversation(captureSHA256: captureHash.get(), title: "workbench, \(captureName): \(about)")
            conversationID.set(id)
        }
        try workspace.appendTurn(conversationID: id, CopilotTurn(role: "user", content: e.question, createdAt: e.startedAt))
        try workspace.appendTurn(conversationID: id, CopilotTurn(
            role: "assistant", content: e.answer + (e.errorCode.map { "\n[error \($0)]" } ?? ""), model: e.model,
            promptTokens: e.promptTokens, completionTokens: e.answerTokens, latencyMS: e.durationSeconds * 1000,
            createdAt: e.startedAt.addingTimeInterval(e.durationSeconds)))
    }

    /// The saved conversations about a capture as copilot-pane lines, oldest first, at most `limit` turns (the
    /// newest), each conversation under a header line with its date.
    static func savedHistory(_ workspace: Workspace, captureSHA256: String, limit: Int = 200) throws -> [CopilotPaneState.Entry] {
        var conversations: [(CopilotConversation, [CopilotTurn])] = []
        var turns = 0
        for c in try workspace.conversations(captureSHA256: captureSHA256) where turns < limit {
            let list = try workspace.turns(conversationID: c.id)
            conversations.append((c, list))
            turns += list.count
        }
        return CopilotPaneState.entries(fromSaved: conversations.reversed(), limit: limit)
    }
}
