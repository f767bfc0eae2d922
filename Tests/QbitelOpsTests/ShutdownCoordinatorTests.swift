import Foundation
import Testing
@testable import QbitelOps

/// Collects what the coordinator did, across threads.
final class ShutdownProbe: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []
    func add(_ e: String) { lock.lock(); events.append(e); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return events }
}

@Suite(.serialized) struct ShutdownCoordinatorTests {
    @Test func sigtermCancelsFlushesAndExitsWithinGrace() async throws {
        let probe = ShutdownProbe()
        let c = ShutdownCoordinator(grace: 0.2)
        c.onCancel { probe.add("cancel") }
        c.onFlush { probe.add("flush") }
        c.install(exit: { probe.add("exit \($0)") })
        defer { c.uninstall() }
        kill(getpid(), SIGTERM)
        let deadline = Date().addingTimeInterval(2)
        while !probe.all.contains(where: { $0.hasPrefix("exit") }) && Date() < deadline {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(probe.all == ["cancel", "flush", "exit 143"])
        #expect(c.receivedSignal == SIGTERM)
    }

    @Test func flushRunsOnceOnNormalEnd() {
        let probe = ShutdownProbe()
        let c = ShutdownCoordinator()
        c.onFlush { probe.add("flush") }
        c.flush()
        c.flush()
        #expect(probe.all == ["flush"])
        #expect(c.receivedSignal == nil)
    }
}
