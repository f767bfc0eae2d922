#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The write end of the shutdown pipe, the one value a signal handler may touch.
///
/// A C signal handler cannot capture context, so this must be process-wide; it is an atomic set only by
/// `ShutdownCoordinator.install`/`uninstall`, and the handler does nothing but `write(2)` one byte to it.
enum SignalPipe {
    static let writeFD = Atomic<Int32>(-1)

    static func notify(_ sig: Int32) {
        let fd = writeFD.load(ordering: .relaxed)
        guard fd >= 0 else { return }
        var byte = UInt8(truncatingIfNeeded: sig)
        _ = write(fd, &byte, 1)
    }
}

extension Atomic<Int32> {
    func store(_ v: Int32) { store(v, ordering: .sequentiallyConsistent) }
}
