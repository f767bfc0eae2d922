import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into an orderly stop: cancel the running work, run the flush hooks (workspace, logs,
/// terminal), and exit within the grace period even if the work does not stop by itself.
///
/// The signal is received on a dispatch source, not in an async-signal handler, so the hooks may do ordinary work.
public final class ShutdownCoordinator: @unchecked Sendable {
    public let grace: Double
    private let lock = NSLock()
    private var cancelHooks: [@Sendable () -> Void] = []
    private var flushHooks: [@Sendable () -> Void] = []
    private var sources: [DispatchSourceSignal] = []
    private var previous: [Int32: sighandler_t?] = [:]
    private var received: Int32?
    private let queue = DispatchQueue(label: "qbitel.shutdown")

    /// Signals handled: SIGTERM and SIGINT.
    public static let signals: [Int32] = [SIGTERM, SIGINT]

    public init(grace: Double = 1.5) {
        self.grace = grace
    }

    /// The signal that started the shutdown, if any.
    public var receivedSignal: Int32? {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    public func onCancel(_ hook: @escaping @Sendable () -> Void) {
        lock.lock(); cancelHooks.append(hook); lock.unlock()
    }

    public func onFlush(_ hook: @escaping @Sendable () -> Void) {
        lock.lock(); flushHooks.append(hook); lock.unlock()
    }

    /// Starts listening. `exit` is called with 128 + signal after the grace period if the work has not ended.
    public func install(exit: @escaping @Sendable (Int32) -> Void = { Foundation.exit($0) }) {
        for sig in Self.signals {
            previous[sig] = signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            src.setEventHandler { [weak self] in self?.begin(sig, exit: exit) }
            src.resume()
            sources.append(src)
        }
    }

    /// Stops listening and restores the previous dispositions.
    public func uninstall() {
        for s in sources { s.cancel() }
        sources = []
        for (sig, h) in previous { signal(sig, h ?? SIG_DFL) }
        previous = [:]
    }

    /// Runs the flush hooks once (also called on a normal end).
    public func flush() {
        lock.lock()
        let hooks = flushHooks
        flushHooks = []
        lock.unlock()
        for h in hooks { h() }
    }

    func begin(_ sig: Int32, exit: @escaping @Sendable (Int32) -> Void) {
        lock.lock()
        if received != nil {
            // A second signal: stop waiting.
            lock.unlock()
            flush()
            exit(128 + sig)
            return
        }
        received = sig
        let hooks = cancelHooks
        lock.unlock()
        for h in hooks { h() }
        queue.asyncAfter(deadline: .now() + grace) { [weak self] in
            self?.flush()
            exit(128 + sig)
        }
    }
}
