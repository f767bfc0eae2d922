import Foundation

/// A classifier that is built the first time it is asked: an analysis served from the workspace never runs
/// CLASSIFICATION, so it should not pay for decoding the model either.
public final class DeferredProtocolIdentifier: ProtocolIdentifier, @unchecked Sendable {
    private let lock = NSLock()
    private let build: @Sendable () throws -> any ProtocolIdentifier
    private var built: (any ProtocolIdentifier)?
    private var failed = false

    public init(_ build: @escaping @Sendable () throws -> any ProtocolIdentifier) { self.build = build }

    /// Whether the classifier has been built (for tests and logs).
    public var isBuilt: Bool { lock.lock(); defer { lock.unlock() }; return built != nil }

    public func identify(_ capture: Capture) -> ProtocolIdentification? {
        lock.lock()
        if built == nil && !failed {
            do { built = try build() } catch { failed = true }
        }
        let id = built
        lock.unlock()
        return id?.identify(capture)
    }
}
