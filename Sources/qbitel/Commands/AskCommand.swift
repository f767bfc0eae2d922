import ArgumentParser
import Foundation
import QbitelCopilot
import QbitelEngine
import QbitelOps
import QbitelStore
import Synchronization

extension QuickAction: ExpressibleByArgument {}

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask the copilot about a message, headless; the answer streams to stdout.",
        discussion: """
            The copilot talks to Ollama at QBITEL_OLLAMA_URL (default http://localhost:11434) with model \
            QBITEL_OLLAMA_MODEL; see $XDG_CONFIG_HOME/qbitel/copilot.toml. Nothing leaves the machine unless \
            allow_cloud_fallback = true and ANTHROPIC_API_KEY is set.
            """)

    @Argument(help: "The question (up to 10,000 characters; may be empty with --action).") var question: String = ""
    @Option(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String?
    @Option(help: "The 1-based message number, as `discover` shows it.") var message: Int?
    @Option(help: "A quick action: explain, name-fields, field-kinds or guess-protocol.") var action: QuickAction?
    @Option(help: "Your notes about the message, added to the prompt.") var notes: String = ""
    @Option(help: "Override the model for this question.") var model: String?
    @Flag(help: "Print token counts and speed on stderr afterwards.") var stats = false
    @Option(name: .customLong("save-to"), help: "Save the question, answer and token counts in this workspace file.")
    var saveTo: String?

    func run() async throws {
        try await runReportingErrors {
            var config = try CopilotConfiguration.load()
            try FeatureFlags.load().apply(to: &config)
            if let model { config.model = model }
            let selection = try selectionFromOptions()
            let sink = try saveTo.map { WorkspaceConversationSink(workspace: try Workspace(path: $0)) }
            let copilot = Copilot(configuration: config, sink: sink)
            var endedWithNewline = true
            for try await event in copilot.ask(question, action: action, selection: selection) {
                switch event {
                case .delta(let text):
                    emit(text)
                    endedWithNewline = text.hasSuffix("\n")
                case .finished(let answer):
                    if !endedWithNewline { emit("\n") }
                    report(answer, config: config, airGapped: copilot.isAirGapped)
                }
            }
        }
    }

    private func selectionFromOptions() throws -> CopilotSelection? {
        guard let capture else {
            if message != nil { throw ValidationError("--message needs --capture") }
            return nil
        }
        guard let message else { throw ValidationError("--capture needs --message N (1-based)") }
        let cap = try CaptureReader.read(path: capture)
        guard message >= 1, message <= cap.messages.count else {
            throw QbitelError(.badMessageIndex, "message \(message) is outside 1…\(cap.messages.count)")
        }
        let discovery: DiscoveryResult?
        do {
            discovery = try DiscoveryEngine().discover(cap)
        } catch {
            FileHandle.standardError.write(Data("qbitel: discovery failed, asking without fields: \(error)\n".utf8))
            discovery = nil
        }
        return try CopilotSelection.from(capture: cap, discovery: discovery, index: message - 1, notes: notes)
    }

    private func report(_ answer: CopilotAnswer, config: CopilotConfiguration, airGapped: Bool) {
        if let suggestions = answer.suggestions {
            emit("\nSuggestions (none applied; accept or reject them in the workbench):\n")
            for s in suggestions {
                let change = [s.name.map { "name \($0)" }, s.kind.map { "kind \($0.rawValue)" }].compactMap { $0 }.joined(separator: ", ")
                emit("  offset \(s.offset), length \(s.length): \(change)\(s.reason.map { " — \($0)" } ?? "")\n")
            }
        } else if let e = answer.suggestionError {
            FileHandle.standardError.write(Data("qbitel: warning \(e.code.rawValue): \(e.message)\n".utf8))
        }
        guard stats else { return }
        let s = answer.stats
        var line = "[\(s.provider) \(s.model)\(airGapped ? ", air-gapped" : "")] prompt \(s.promptTokens.map(String.init) ?? "?") tokens, answer \(s.answerTokens.map(String.init) ?? "?") tokens"
        if let tps = s.tokensPerSecond { line += String(format: ", %.1f tokens/s", tps) }
        if let reason = s.doneReason { line += ", \(reason)" }
        if answer.trimLevel > 0 { line += ", context trimmed (level \(answer.trimLevel)) to fit num_ctx \(config.contextTokens)" }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Saves copilot exchanges as conversations of the workspace: one conversation per copilot conversation id, with
/// the question and the answer (its model, token counts and latency) as turns.
private final class WorkspaceConversationSink: ConversationSink {
    let workspace: Workspace
    private let ids = Mutex<[String: Int64]>([:])

    init(workspace: Workspace) { self.workspace = workspace }

    func record(_ e: CopilotExchange) throws {
        let existing = ids.withLock { $0[e.conversationID] }
        let id: Int64
        if let existing {
            id = existing
        } else {
            let about = e.messageNumber.map { "message \($0) of \(e.captureName ?? "?")" } ?? "no selection"
            id = try workspace.startConversation(captureSHA256: nil, title: "\(about): \(e.action?.rawValue ?? String(e.question.prefix(60)))")
            ids.withLock { $0[e.conversationID] = id }
        }
        try workspace.appendTurn(conversationID: id, CopilotTurn(role: "user", content: e.question, createdAt: e.startedAt))
        try workspace.appendTurn(conversationID: id, CopilotTurn(
            role: "assistant", content: e.answer + (e.errorCode.map { "\n[error \($0)]" } ?? ""), model: e.model,
            promptTokens: e.promptTokens, completionTokens: e.answerTokens, latencyMS: e.durationSeconds * 1000))
    }
}
