import Foundation

/// One message of a copilot conversation, with what it cost.
public struct CopilotTurn: Sendable, Codable, Equatable {
    /// `system`, `user` or `assistant`.
    public var role: String
    public var content: String
    public var model: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    public var latencyMS: Double?
    public var createdAt: Date

    public init(role: String, content: String, model: String? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil,
                latencyMS: Double? = nil, createdAt: Date = Date()) {
        self.role = role
        self.content = content
        self.model = model
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.latencyMS = latencyMS
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970)
    }
}

/// A copilot conversation header.
public struct CopilotConversation: Sendable, Codable, Equatable {
    public var id: Int64
    public var captureSHA256: String?
    public var title: String
    public var createdAt: Date
    public var turnCount: Int

    public init(id: Int64, captureSHA256: String?, title: String, createdAt: Date, turnCount: Int) {
        self.id = id
        self.captureSHA256 = captureSHA256
        self.title = title
        self.createdAt = createdAt
        self.turnCount = turnCount
    }
}
