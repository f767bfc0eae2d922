import Foundation
import QbitelEngine

/// The workbench's way to write: a serial actor, so saves happen off the UI loop, one at a time, in the order asked.
///
/// Reads stay on `workspace` directly (WAL readers never wait for this writer).
public actor WorkspaceWriter {
    public nonisolated let workspace: Workspace

    public init(_ workspace: Workspace) {
        self.workspace = workspace
    }

    @discardableResult
    public func saveRun(_ result: DiscoveryResult, capture: CaptureIdentity, metadata: RunMetadata = RunMetadata(),
                        correlationID: String? = nil) throws -> Int64 {
        try workspace.saveRun(result, capture: capture, metadata: metadata, correlationID: correlationID)
    }

    @discardableResult
    public func annotate(captureSHA256: String, target: AnnotationTarget, change: AnnotationChange,
                         correlationID: String? = nil) throws -> Annotation {
        try workspace.annotate(captureSHA256: captureSHA256, target: target, change: change, correlationID: correlationID)
    }

    public func removeAnnotation(captureSHA256: String, target: AnnotationTarget, correlationID: String? = nil) throws {
        try workspace.removeAnnotation(captureSHA256: captureSHA256, target: target, correlationID: correlationID)
    }

    @discardableResult
    public func saveGrammar(captureSHA256: String, json: String, author: String, parentVersion: Int? = nil,
                            runID: Int64? = nil, correlationID: String? = nil) throws -> GrammarVersion {
        try workspace.saveGrammar(captureSHA256: captureSHA256, json: json, author: author, parentVersion: parentVersion,
                                  runID: runID, correlationID: correlationID)
    }

    public func startConversation(captureSHA256: String?, title: String, correlationID: String? = nil) throws -> Int64 {
        try workspace.startConversation(captureSHA256: captureSHA256, title: title, correlationID: correlationID)
    }

    public func appendTurn(conversationID: Int64, _ turn: CopilotTurn, correlationID: String? = nil) throws {
        try workspace.appendTurn(conversationID: conversationID, turn, correlationID: correlationID)
    }

    @discardableResult
    public func saveClassifierModel(name: String, featureSet: String, metrics: String = "{}", data: [UInt8],
                                    correlationID: String? = nil) throws -> ClassifierModelRecord {
        try workspace.saveClassifierModel(name: name, featureSet: featureSet, metrics: metrics, data: data, correlationID: correlationID)
    }

    public func recordAudit(action: String, resourceType: String, resourceID: String, details: [String: String] = [:],
                            correlationID: String? = nil) throws {
        try workspace.recordAudit(action: action, resourceType: resourceType, resourceID: resourceID, details: details,
                                  correlationID: correlationID)
    }
}
