/// Maps a flow's canonical key to its index with open addressing and a multiply-shift hash.
///
/// Looked up once per packet, so it avoids `Hasher` (SipHash) and the generic dictionary: keys and indices live in
/// flat arrays, probing is linear, and the table doubles at half load.
struct FlowTable<Key: Equatable> {
    private var keys: [Key?]
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        keys = Array(repeating: nil, count: n)
        values = Array(repeating: -1, count: n)
        mask = n - 1
    }

    /// The index stored for `key` under `hash`, or nil.
    func find(_ key: Key, hash: UInt64) -> Int? {
        var i = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            guard let k = keys[i] else { return nil }
            if k == key { return Int(values[i]) }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for a key that is not in the table yet.
    mutating func insert(_ key: Key, hash: UInt64, value: Int, rehash: (Key) -> UInt64) {
        if (count + 1) * 2 > keys.count { grow(rehash) }
        var i = Int(truncatingIfNeeded: hash >> 7) & mask
        while keys[i] != nil { i = (i + 1) & mask }
        keys[i] = key
        values[i] = Int32(truncatingIfNeeded: value)
        count += 1
    }

    private mutating func grow(_ rehash: (Key) -> UInt64) {
        let oldKeys = keys, oldValues = values
        let n = keys.count * 2
        keys = Array(repeating: nil, count: n)
        values = Array(repeating: -1, count: n)
        mask = n - 1
        for (k, v) in zip(oldKeys, oldValues) {
            guard let k else { continue }
            var i = Int(truncatingIfNeeded: rehash(k) >> 7) & mask
            while keys[i] != nil { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }
}
