import Foundation

/// One saved version of a capture's grammar: versions number 1, 2, … per capture, each naming the one it came from.
public struct GrammarVersion: Sendable, Codable, Equatable {
    public var version: Int
    public var parentVersion: Int?
    /// `engine`, `copilot`, or the analyst's OS user.
    public var author: String
    public var createdAt: Date
    /// The run it was inferred from, if still kept.
    public var runID: Int64?
    /// The grammar document (the engine's grammar JSON).
    public var json: String
}
