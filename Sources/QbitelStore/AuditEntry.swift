import Foundation

/// One line of the audit log: who did what to which resource, and when.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int64
    public var time: Date
    /// The OS user of the process that wrote it.
    public var user: String
    /// Dotted verb such as `run.save`, `annotation.set`, `capture.delete`.
    public var action: String
    public var resourceType: String
    public var resourceID: String
    public var details: [String: String]
    public var correlationID: String?
}
