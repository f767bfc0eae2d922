/// Finds a field whose integer value tracks the message length (value = length − constant) in a type's messages.
///
/// Such a field pins both of its ends with high confidence and tells how far the message's body runs. A stand-in
/// until the semantic detectors supply their own finder; it only looks at unsigned 1-, 2- and 4-byte integers in
/// the first `maxOffset` bytes, and needs at least three lengths so that a two-valued byte cannot pass for one.
struct LengthFieldDetector {
    var maxOffset = 32
    var minAgreement = 0.95
    /// Distinct differences read before a field is given up: at high agreement a few suffice.
    var maxDistinctDeltas = 8

    struct Found: Equatable {
        var offset: Int
        var width: Int
        var bigEndian: Bool
        /// message length − field value
        var delta: Int
    }

    func find(_ msgs: [MessageBytes], _ members: [Int]) -> [Found] {
        guard members.count >= 3 else { return [] }
        var minLen = Int.max
        var lengths = Set<Int>()
        for i in members { minLen = min(minLen, msgs[i].count); if lengths.count < 3 { lengths.insert(msgs[i].count) } }
        // Two lengths are matched by any byte that takes two values with them: ask for at least three.
        guard lengths.count >= 3 else { return [] }
        var found: [Found] = []
        var covered = Set<Int>()
        for width in [4, 2, 1] {
            for bigEndian in width == 1 ? [true] : [true, false] {
                for p in 0..<max(0, min(maxOffset, minLen - width + 1)) {
                    if covered.contains(p) || covered.contains(p + width - 1) { continue }
                    var deltas: [Int: Int] = [:]
                    for i in members {
                        let m = msgs[i]
                        var v = 0
                        for k in 0..<width { v = v << 8 | Int(m[p + (bigEndian ? k : width - 1 - k)]) }
                        deltas[m.count - v, default: 0] += 1
                        if deltas.count > maxDistinctDeltas { break }
                    }
                    guard let top = deltas.max(by: { $0.value < $1.value }) else { continue }
                    // The field must count at least the bytes after itself and nothing before the message.
                    if top.key < p + width - 64 || top.key < 0 || top.key > p + width + 64 { continue }
                    if Double(top.value) >= minAgreement * Double(members.count) {
                        found.append(Found(offset: p, width: width, bigEndian: bigEndian, delta: top.key))
                        for k in p..<(p + width) { covered.insert(k) }
                    }
                }
            }
        }
        return found.sorted { $0.offset < $1.offset }
    }
}
