import Foundation

/// A process-local cache of analysis results by content hash.
public final class InMemoryDiscoveryCache: DiscoveryCache, @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: OrchestratorResult] = [:]

    public init() {}

    public func load(hash: String) -> OrchestratorResult? {
        lock.lock(); defer { lock.unlock() }
        return entries[hash]
    }

    public func save(_ result: OrchestratorResult, hash: String) {
        lock.lock(); defer { lock.unlock() }
        entries[hash] = result
    }

    public var count: Int {
        lock.lock(); defer { lock.unlock() }
        return entries.count
    }
}
