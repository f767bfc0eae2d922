/// Touches capture bytes a little ahead of the reader so the CPU fetches them while earlier frames are decoded.
///
/// Walking record headers is a chain of dependent loads (each header gives the next one's offset), so on a cold
/// mapping every frame waited for memory. One independent load per cache line, kept `distance` bytes ahead, lets
/// the hardware stream the file instead; the loaded bytes are summed only so the loads are not optimised away.
/// Without it reading was slower whenever the machine was busy (UDP-only 0.15 → 0.26 s of CPU per 520 MB), and so
/// was touching every other line.
struct ReadAhead {
    static let distance = 16 * 1024
    static let line = 64
    private var next = 0
    private var sink: UInt8 = 0

    /// Touches what lies up to `distance` bytes past `offset` of the `count` bytes at `base`, a few lines per frame.
    @inline(__always) mutating func advance(to offset: Int, base: UnsafeRawPointer, count: Int) {
        let limit = Swift.min(offset + Self.distance, count)
        guard next < limit else { return }
        while next < limit {
            sink &+= base.load(fromByteOffset: next, as: UInt8.self)
            next += Self.line
        }
    }

    /// Ends the read-ahead. The sum is written to a heap byte through the allocator, which the optimiser cannot see
    /// through: without a store it keeps, the loads are dead code and the read-ahead compiles to an empty loop (an
    /// `@inline(never)` sink function, `_fixLifetime` and a local atomic were all removed).
    func finish() {
        let kept = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        kept.initialize(to: sink)
        kept.deallocate()
    }
}
