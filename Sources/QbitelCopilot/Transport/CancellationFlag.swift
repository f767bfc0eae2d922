import Synchronization

/// A one-way switch shared between the UI and a transfer thread: once set, the transfer aborts at its next callback.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    public func cancel() { flag.store(true, ordering: .releasing) }

    public var isCancelled: Bool { flag.load(ordering: .acquiring) }
}
