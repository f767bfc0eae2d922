import Foundation

/// A stored protocol-classifier model: its name, version, feature set and evaluation figures (the weights are
/// fetched separately, so listing models stays cheap).
public struct ClassifierModelRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var version: Int
    /// Which features it was trained on; a mismatch is error 2004.
    public var featureSet: String
    /// JSON of its evaluation (accuracy, F1 per class…).
    public var metrics: String
    public var createdAt: Date
    public var byteCount: Int
}
