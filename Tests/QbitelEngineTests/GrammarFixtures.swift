@testable import QbitelEngine

/// A small deterministic generator for the grammar tests (xorshift, fixed seed).
struct GrammarRNG {
    var state: UInt64
    init(_ seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}

/// A synthetic binary protocol with three message types whose truth is known by construction, and the discovery
/// result an inference engine would give for it.
///
/// - `T1`, fixed 12 bytes: `A1 | op ∈ {1,2,3} | seq u16be (counter) | value u32be | sum8 | 3 bytes`
/// - `T2`, variable: `B2 | kind ∈ {7,9} | len u16be = total − 4 | body`
/// - `T3`, TLV: `C3 | count u8 | count × (tag u8, len u8, value)`
enum GrammarFixtures {
    static func t1(_ rng: inout GrammarRNG, seq: UInt16) -> [UInt8] {
        let op = UInt8([1, 1, 2, 3][rng.int(0...3)])
        let v = UInt32(truncatingIfNeeded: rng.next())
        var m: [UInt8] = [0xA1, op, UInt8(seq >> 8), UInt8(seq & 0xff), UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff), 0]
        m += [rng.byte(), rng.byte(), rng.byte()]
        var s: UInt8 = 0
        for (i, b) in m.enumerated() where i != 8 { s &+= b }
        m[8] = s
        return m
    }

    static func t2(_ rng: inout GrammarRNG) -> [UInt8] {
        let n = rng.int(0...20)
        let body = (0..<n).map { _ in rng.byte() }
        return [0xB2, rng.int(0...2) == 0 ? 9 : 7, 0, UInt8(n)] + body
    }

    static func t3(_ rng: inout GrammarRNG) -> [UInt8] {
        let count = rng.int(1...4)
        var m: [UInt8] = [0xC3, UInt8(count)]
        for _ in 0..<count {
            let l = rng.int(0...6)
            m += [UInt8(rng.int(1...5)), UInt8(l)] + (0..<l).map { _ in rng.byte() }
        }
        return m
    }

    /// `count` messages cycling T1, T1, T2, T3, each in its own UDP pseudo flow direction.
    static func payloads(count: Int, seed: UInt64 = 42) -> (payloads: [[UInt8]], types: [String]) {
        var rng = GrammarRNG(seed)
        var out: [[UInt8]] = [], types: [String] = []
        var seq: UInt16 = 100
        for i in 0..<count {
            switch i % 4 {
            case 0, 1: out.append(t1(&rng, seq: seq)); seq &+= 1; types.append("T1")
            case 2: out.append(t2(&rng)); types.append("T2")
            default: out.append(t3(&rng)); types.append("T3")
            }
        }
        return (out, types)
    }

    static func messages(_ payloads: [[UInt8]]) -> [Message] {
        payloads.enumerated().map { i, p in
            Message(index: i, frame: i + 1, timestamp: .zero, flow: .pseudo(), flowIndex: 0, direction: .clientToServer,
                    payload: ByteSlice(p))
        }
    }

    static func capture(count: Int = 400, seed: UInt64 = 42) -> (Capture, DiscoveryResult) {
        let (ps, types) = payloads(count: count, seed: seed)
        let msgs = messages(ps)
        let cap = Capture(name: "synthetic.bin", format: .bytes, frameCount: msgs.count, linkTypes: [], messages: msgs, flows: [],
                          warnings: [], firstTimestamp: nil, lastTimestamp: nil, byteCount: ps.reduce(0) { $0 + $1.count })
        return (cap, discovery(msgs, types))
    }

    static let layouts: [String: [InferredField]] = [
        "T1": [InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.9),
               InferredField(offset: 1, length: 1, kind: .enumeration, confidence: 0.8),
               InferredField(offset: 2, length: 2, kind: .counter, confidence: 0.8, endianness: .big),
               InferredField(offset: 4, length: 4, kind: .integer, confidence: 0.5, endianness: .big),
               InferredField(offset: 8, length: 1, kind: .checksum, confidence: 0.7)],
        "T2": [InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.9),
               InferredField(offset: 1, length: 1, kind: .enumeration, confidence: 0.8),
               InferredField(offset: 2, length: 2, kind: .length, confidence: 0.9, endianness: .big)],
        "T3": [InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.9),
               InferredField(offset: 1, length: 1, kind: .integer, confidence: 0.6)],
    ]

    static func discovery(_ msgs: [Message], _ types: [String]) -> DiscoveryResult {
        var infs: [MessageInference] = []
        var counts: [String: Int] = [:]
        for (m, t) in zip(msgs, types) {
            counts[t, default: 0] += 1
            let fields = layouts[t]!
            let b = Array(Set([0, m.length] + fields.flatMap { [$0.offset, $0.end] }.filter { $0 <= m.length })).sorted()
            infs.append(MessageInference(messageIndex: m.index, frame: m.frame, typeID: t, boundaries: b, boundaryConfidence: [], fields: fields))
        }
        let infos = ["T1", "T2", "T3"].map { MessageTypeInfo(id: $0, count: counts[$0] ?? 0, confidence: 0.9, rule: "key", fields: layouts[$0]!) }
        return DiscoveryResult(captureName: "synthetic.bin", messages: infs, types: infos)
    }

    /// The learned and refined grammar of the synthetic capture.
    static func grammar(count: Int = 400) throws -> (Capture, Grammar) {
        let (cap, d) = capture(count: count)
        let g0 = GrammarLearner().learn(messages: cap.messages, discovery: d)
        return (cap, try GrammarEM().refine(g0, messages: cap.messages.map(\.payload)))
    }
}
