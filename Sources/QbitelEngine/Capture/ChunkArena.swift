#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owned storage for stream chunks that span several segments, handed out in large blocks.
///
/// One allocation per block instead of one per chunk keeps reassembly from spending its time in `malloc`. A block
/// is written only in its unused tail while it is being filled, before any slice of that tail exists, so the
/// slices handed out never change.
struct ChunkArena {
    /// Blocks start small (most captures are small) and double up to `maxBlockSize`.
    static let firstBlockSize = 64 * 1024
    static let maxBlockSize = 4 * 1024 * 1024
    private var block: ByteStorage?
    private var used = 0
    private var nextBlockSize = firstBlockSize

    /// Large blocks are mapped with their pages populated up front: one system call instead of a fault per 4 KiB.
    private static func allocate(_ size: Int) -> ByteStorage {
        #if os(Linux)
        if size >= 1024 * 1024, let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0),
           p != MAP_FAILED {
            let addr = UInt(bitPattern: p)
            return ByteStorage(pointer: UnsafeRawPointer(p), count: size) {
                _ = munmap(UnsafeMutableRawPointer(bitPattern: addr), size)
            }
        }
        #endif
        return ByteStorage(count: size) { _ in }
    }

    /// Copies `pieces` (in order) into the arena and returns them as one slice.
    mutating func copy(_ first: ByteSlice, _ more: [ByteSlice], total: Int) -> ByteSlice {
        if block == nil || used + total > block!.count {
            block = Self.allocate(Swift.max(nextBlockSize, total))
            nextBlockSize = Swift.min(nextBlockSize * 2, Self.maxBlockSize)
            used = 0
        }
        let storage = block!
        let start = used
        let dest = UnsafeMutableRawPointer(mutating: storage.base) + start
        var o = 0
        func put(_ piece: ByteSlice) {
            piece.withUnsafeBytes { src in
                if let b = src.baseAddress { (dest + o).copyMemory(from: b, byteCount: src.count) }
            }
            o += piece.count
        }
        put(first)
        for piece in more { put(piece) }
        used += total
        return ByteSlice(storage: storage, start: start, count: total)
    }
}
