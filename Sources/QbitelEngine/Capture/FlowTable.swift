/// Maps a flow's hash to its index in the flow list, with open addressing over one 8-byte word per slot.
///
/// Looked up once per packet, so it avoids `Hasher` (SipHash), the generic dictionary and stored keys: a slot packs
/// the hash's top 32 bits with the index + 1 (0 is an empty slot), so probing reads one dense array; a tag match is
/// confirmed by the caller against the flow itself, which it reads next anyway. Probing is linear and the table
/// doubles at half load.
struct FlowTable {
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = Array(repeating: 0, count: n)
        mask = n - 1
    }

    /// The index stored under `hash` for which `matches` holds, or nil.
    @inline(__always) func find(hash: UInt64, matches: (Int) -> Bool) -> Int? {
        let tag = hash >> 32
        var i = Int(truncatingIfNeeded: hash >> 7) & mask
        return slots.withUnsafeBufferPointer { s in
            while true {
                let slot = s[i]
                if slot == 0 { return nil }
                if slot >> 32 == tag {
                    let index = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
                    if matches(index) { return index }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Stores `value` (below 2³² − 1) for a flow that is not in the table yet; `rehash` gives the hash of a stored
    /// index when the table grows.
    mutating func insert(hash: UInt64, value: Int, rehash: (Int) -> UInt64) {
        if (count + 1) * 2 > slots.count { grow(rehash) }
        place(hash: hash, value: value)
        count += 1
    }

    private mutating func place(hash: UInt64, value: Int) {
        var i = Int(truncatingIfNeeded: hash >> 7) & mask
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = (hash >> 32) << 32 | UInt64(truncatingIfNeeded: value + 1) & 0xFFFF_FFFF
    }

    private mutating func grow(_ rehash: (Int) -> UInt64) {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot != 0 {
            let index = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
            place(hash: rehash(index), value: index)
        }
    }
}
