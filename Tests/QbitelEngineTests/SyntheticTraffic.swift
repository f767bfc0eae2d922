@testable import QbitelEngine

/// Deterministic generators of traffic whose structure is known by construction.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum SyntheticTraffic {
    static func messages(_ payloads: [[UInt8]], directions: [Direction]? = nil) -> [Message] {
        payloads.enumerated().map { i, p in
            Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0), flow: .pseudo(),
                    flowIndex: 0, direction: directions?[i] ?? (i % 2 == 0 ? .clientToServer : .serverToClient),
                    payload: ByteSlice(p))
        }
    }

    /// A binary protocol: 2-byte random id, key byte at 2 (request types 1, 2, 3; responses 0x81, 0x82, 0x83),
    /// fixed magic 0xCAFE01 at 3…5, a u16be length of the body at 6…7, then a body whose layout depends on the type.
    /// Returns the payloads, the true type per message and the true inner boundaries per message.
    static func keyedBinary(count: Int, seed: UInt64 = 1) -> (payloads: [[UInt8]], types: [Int], boundaries: [[Int]]) {
        var rng = SplitMix64(seed: seed)
        var payloads: [[UInt8]] = [], types: [Int] = [], bounds: [[Int]] = []
        for i in 0..<count {
            let t = Int.random(in: 1...3, using: &rng)
            let response = i % 2 == 1
            var body: [UInt8]
            var bodyBounds: [Int]
            switch t {
            case 1: // 2 random bytes + 4 zero bytes
                body = [UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng), 0, 0, 0, 0]
                bodyBounds = [2]
            case 2: // variable printable name
                let n = Int.random(in: 3...12, using: &rng)
                body = (0..<n).map { _ in UInt8.random(in: 0x61...0x7A, using: &rng) }
                bodyBounds = []
            default: // flag byte + 6 random bytes
                body = [UInt8.random(in: 0...1, using: &rng) << 7] + (0..<6).map { _ in UInt8.random(in: 0...255, using: &rng) }
                bodyBounds = [1]
            }
            var p: [UInt8] = [UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng)]
            p.append(UInt8(t) | (response ? 0x80 : 0))
            p += [0xCA, 0xFE, 0x01, UInt8(body.count >> 8), UInt8(body.count & 0xFF)]
            p += body
            payloads.append(p)
            types.append(t * 2 + (response ? 1 : 0))
            bounds.append([2, 3, 6, 8] + bodyBounds.map { $0 + 8 })
        }
        return (payloads, types, bounds)
    }

    static func random(count: Int, length: ClosedRange<Int>, seed: UInt64 = 7) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: length, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
    }
}
