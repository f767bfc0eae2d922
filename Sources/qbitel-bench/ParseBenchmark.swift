import Foundation
import QbitelEngine

/// `parse`: compiled-parser throughput on one core, full parse trees, over a fixed-layout and a TLV protocol.
///
/// Both protocols are generated here with their discovery layout; the grammar is learned and refined with EM as in
/// a real run, then every message is parsed repeatedly. Goals: ≥ 1,000,000 messages/s fixed, ≥ 200,000 TLV.
let parseBenchmark = Benchmark(name: "parse") { ctx in
    var rows: [BenchRow] = []
    for (name, goal) in [("fixed-layout", 1_000_000.0), ("tlv", 200_000.0)] {
        let (messages, discovery) = ParseBenchData.make(name == "tlv", count: 20_000)
        let g0 = GrammarLearner().learn(messages: messages, discovery: discovery)
        let grammar = try GrammarEM().refine(g0, messages: messages.map(\.payload))
        let parser = try GrammarParser(grammar: grammar)
        let passes = 10
        var parsed = 0
        let seconds = ctx.medianSeconds {
            parsed = 0
            for _ in 0..<passes {
                for m in messages {
                    if case .success(let t) = parser.parse(m.payload), !t.fields.isEmpty { parsed += 1 }
                }
            }
        }
        let rate = Double(messages.count * passes) / seconds
        rows.append(BenchRow(metric: "\(name) parse", value: rate, unit: "msg/s", goal: "≥ \(Int(goal))", pass: rate >= goal))
        rows.append(BenchRow(metric: "\(name) parse rate", value: 100 * Double(parsed) / Double(messages.count * passes), unit: "%",
                             goal: "≥ 98", pass: Double(parsed) >= 0.98 * Double(messages.count * passes)))
    }
    return rows
}

/// Generated traffic for the parse benchmark, with the layout discovery would report.
enum ParseBenchData {
    static func make(_ tlv: Bool, count: Int) -> ([Message], DiscoveryResult) {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        var payloads: [[UInt8]] = []
        var types: [String] = []
        for i in 0..<count {
            if tlv {
                // 0x7E | count | count × (tag u8, len u16be, value)
                let n = Int(next() % 6) + 1
                var m: [UInt8] = [0x7E, UInt8(n)]
                for _ in 0..<n {
                    let l = Int(next() % 12)
                    m += [UInt8(next() % 8), 0, UInt8(l)] + (0..<l).map { _ in UInt8(truncatingIfNeeded: next()) }
                }
                payloads.append(m)
                types.append("T1")
            } else {
                // 48 bytes: magic u16, op u8 ∈ {1..4}, flags u8, seq u32, ts u32, 4 × u32, 20 opaque bytes.
                let op = UInt8(next() % 4 + 1)
                var m: [UInt8] = [0xCA, 0xFE, op, UInt8(next() % 3)]
                let seq = UInt32(i)
                m += [UInt8(seq >> 24), UInt8(seq >> 16 & 0xff), UInt8(seq >> 8 & 0xff), UInt8(seq & 0xff)]
                m += (0..<40).map { _ in UInt8(truncatingIfNeeded: next()) }
                payloads.append(m)
                types.append(op <= 2 ? "T1" : "T2")
            }
        }
        let messages = payloads.enumerated().map { i, p in
            Message(index: i, frame: i + 1, timestamp: .zero, flow: .pseudo(), flowIndex: 0, direction: .clientToServer, payload: ByteSlice(p))
        }
        let fields: [InferredField] = tlv
            ? [InferredField(offset: 0, length: 1, kind: .constant, confidence: 1), InferredField(offset: 1, length: 1, kind: .integer, confidence: 0.8)]
            : [InferredField(offset: 0, length: 2, kind: .constant, confidence: 1), InferredField(offset: 2, length: 1, kind: .enumeration, confidence: 1),
               InferredField(offset: 3, length: 1, kind: .flags, confidence: 1), InferredField(offset: 4, length: 4, kind: .counter, confidence: 1, endianness: .big),
               InferredField(offset: 8, length: 4, kind: .timestamp, confidence: 1, endianness: .big),
               InferredField(offset: 12, length: 4, kind: .integer, confidence: 1, endianness: .big), InferredField(offset: 16, length: 4, kind: .integer, confidence: 1, endianness: .big),
               InferredField(offset: 20, length: 4, kind: .integer, confidence: 1, endianness: .big), InferredField(offset: 24, length: 4, kind: .integer, confidence: 1, endianness: .big),
               InferredField(offset: 28, length: 20, kind: .bytes, confidence: 1)]
        var infs: [MessageInference] = []
        var counts: [String: Int] = [:]
        for (m, t) in zip(messages, types) {
            counts[t, default: 0] += 1
            infs.append(MessageInference(messageIndex: m.index, frame: m.frame, typeID: t, boundaries: [0, m.length], boundaryConfidence: [], fields: fields))
        }
        let infos = counts.keys.sorted().map { MessageTypeInfo(id: $0, count: counts[$0]!, confidence: 1, rule: "bench", fields: fields) }
        return (messages, DiscoveryResult(captureName: tlv ? "tlv" : "fixed", messages: infs, types: infos))
    }
}
