import QbitelEngine

/// What the workbench shows first when a known capture is reopened: the last run, its types, the first page of
/// messages, the newest grammar and the annotations placed on the run — without recomputing anything.
public struct WorkspaceSession: Sendable {
    public var capture: StoredCapture
    public var run: StoredRun?
    public var phases: [RunPhase]
    public var types: [StoredType]
    public var firstPage: [MessageInference]
    public var grammar: GrammarVersion?
    public var annotations: [PlacedAnnotation]
}
