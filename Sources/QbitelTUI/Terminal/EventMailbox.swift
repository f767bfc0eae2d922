import Foundation
import Synchronization

/// How background work hands results to the UI thread: events go into a locked queue and one byte into a pipe the
/// event loop polls, so the loop sleeps in `poll()` until there is something to do (no busy wait).
public final class EventMailbox<Event: Sendable>: Sendable {
    private let queue = Mutex<[Event]>([])
    let readFD: Int32
    let writeFD: Int32

    public init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw QbitelErrorBridge.io("cannot create the event pipe (errno \(errno))")
        }
        readFD = fds[0]
        writeFD = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    /// Posts an event from any thread.
    public func post(_ e: Event) {
        queue.withLock { $0.append(e) }
        var b: UInt8 = 69 // "E"
        _ = write(writeFD, &b, 1)
    }

    /// Takes every queued event.
    public func drain() -> [Event] {
        queue.withLock { q in
            let out = q
            q.removeAll(keepingCapacity: true)
            return out
        }
    }

    /// Reads the wake bytes; returns the signal bytes among them ('T', 'Z', 'C').
    func drainWakeBytes() -> [UInt8] {
        var buf = [UInt8](repeating: 0, count: 256)
        var signals: [UInt8] = []
        while true {
            let n = read(readFD, &buf, buf.count)
            if n <= 0 { break }
            for b in buf[0..<n] where b != 69 { signals.append(b) }
        }
        return signals
    }

    deinit {
        close(readFD)
        close(writeFD)
    }
}

import QbitelEngine

enum QbitelErrorBridge {
    static func io(_ m: String) -> QbitelError { QbitelError(.ioError, m) }
}
