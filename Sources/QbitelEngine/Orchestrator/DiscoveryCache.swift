/// Where finished analyses are kept by the capture's content hash, so reopening a capture is instant.
///
/// The workspace implements it; `InMemoryDiscoveryCache` serves tests and one-shot CLI runs.
public protocol DiscoveryCache: Sendable {
    func load(hash: String) -> OrchestratorResult?
    func save(_ result: OrchestratorResult, hash: String)
}
