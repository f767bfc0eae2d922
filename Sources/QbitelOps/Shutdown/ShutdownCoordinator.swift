import Dispatch
import Foundation

/// Turns SIGTERM and SIGINT into an orderly stop: cancel the running work, run the flush hooks (workspace, logs,
/// terminal), and exit within the grace period even if the work does not stop by itself.
///
/// The signal handler only writes the signal number to a pipe (the one async-signal-safe thing worth doing); a
/// thread reads the pipe and runs the hooks, so they may do ordinary work.
public final class ShutdownCoordinator: @unchecked Sendable {
    public let grace: Double
    private let lock = NSLock()
    private var cancelHooks: [@Sendable () -> Void] = []
    private var flushHooks: [@Sendable () -> Void] = []
    private var previous: [Int32: sigaction] = [:]
    private var pipeFDs: [Int32] = [-1, -1]
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
        guard pipe(&pipeFDs) == 0 else { return }
        let readFD = pipeFDs[0]
        SignalPipe.writeFD.store(pipeFDs[1])
        let reader = Thread { [weak self] in
            var byte: UInt8 = 0
            while read(readFD, &byte, 1) == 1 {
                self?.begin(Int32(byte), exit: exit)
            }
            close(readFD)
        }
        reader.name = "qbitel.shutdown"
        reader.start()
        for sig in Self.signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in SignalPipe.notify(sig) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            var old = sigaction()
            sigaction(sig, &action, &old)
            previous[sig] = old
        }
    }

    /// Stops listening and restores the previous dispositions.
    public func uninstall() {
        for (sig, old) in previous {
            var o = old
            sigaction(sig, &o, nil)
        }
        previous = [:]
        if pipeFDs[1] >= 0 {
            SignalPipe.writeFD.store(-1)
            close(pipeFDs[1])
            pipeFDs = [-1, -1]
        }
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
