#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Faults in the not yet written part of a large array's capacity a few megabytes at a time.
///
/// A large capture's message list is hundreds of megabytes written once, front to back. Left to itself every 4 KiB
/// page costs a trap into the kernel on first write; one `madvise(MADV_POPULATE_WRITE)` per `step` bytes maps the
/// same pages in a single call each (about twice as fast here). Advice only: where the kernel does not know it,
/// pages fault in as before.
struct PagePrefault {
    static let step = 4 * 1024 * 1024
    /// Elements below this index are already in populated pages.
    private var populatedCount = 0

    /// Call before appending to `array`; cheap unless the next element lies beyond the populated part.
    @inline(__always) mutating func prepare<Element>(_ array: inout [Element]) {
        guard array.count >= populatedCount else { return }
        populate(&array)
    }

    private mutating func populate<Element>(_ array: inout [Element]) {
        let stride = MemoryLayout<Element>.stride
        let capacity = array.capacity
        let count = array.count
        let perStep = Swift.max(Self.step / stride, 1)
        guard capacity - count > perStep else {
            // Too little reserved room left to be worth it (or the list will regrow): stop advising.
            populatedCount = Int.max
            return
        }
        let end = Swift.min(count + perStep, capacity)
        populatedCount = end
        #if os(Linux)
        let base = array.withUnsafeMutableBufferPointer { UInt(bitPattern: $0.baseAddress) }
        guard base != 0 else { return }
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let from = (base + UInt(count * stride) + page - 1) & ~(page - 1)
        let to = (base + UInt(end * stride)) & ~(page - 1)
        if to > from, let p = UnsafeMutableRawPointer(bitPattern: from) {
            _ = madvise(p, Int(to - from), MADV_POPULATE_WRITE)
        }
        #endif
    }
}
