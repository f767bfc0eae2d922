import Foundation

/// One question and its answer, with the counts the workspace keeps.
public struct CopilotExchange: Sendable, Equatable, Codable {
    public var conversationID: String
    public var captureName: String?
    /// 1-based message number the question was about.
    public var messageNumber: Int?
    public var action: QuickAction?
    public var question: String
    public var answer: String
    public var provider: String?
    public var model: String
    public var promptTokens: Int?
    public var answerTokens: Int?
    public var startedAt: Date
    public var durationSeconds: Double
    /// Set when the exchange failed or was cancelled; the partial answer is kept.
    public var errorCode: Int?

    public init(conversationID: String, captureName: String?, messageNumber: Int?, action: QuickAction?,
                question: String, answer: String, provider: String?, model: String, promptTokens: Int?,
                answerTokens: Int?, startedAt: Date, durationSeconds: Double, errorCode: Int?) {
        self.conversationID = conversationID
        self.captureName = captureName
        self.messageNumber = messageNumber
        self.action = action
        self.question = question
        self.answer = answer
        self.provider = provider
        self.model = model
        self.promptTokens = promptTokens
        self.answerTokens = answerTokens
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        self.errorCode = errorCode
    }
}

/// Where finished exchanges are saved: the workspace implements this with its copilot-conversation table, so
/// the copilot needs no dependency on the store. A failing sink never fails the answer.
public protocol ConversationSink: Sendable {
    func record(_ exchange: CopilotExchange) throws
}
