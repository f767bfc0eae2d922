import Foundation
import Testing
import Yams
@testable import QbitelEngine

/// Optional groups and alternatives learned from messages whose layouts are known by construction.
@Suite struct GrammarVariantsTests {
    enum Shape { case endsEarly, keyed, byLength }

    /// One type, 200 messages. `endsEarly`: 8 bytes, 40 % carry 4 more (a trailer). `keyed`: byte 1 is 1 or 2 in
    /// 6-byte messages and 7 in 10-byte ones. `byLength`: 6- and 9-byte messages whose bytes 2–5 are different
    /// constants.
    static func payloads(_ shape: Shape, seed: UInt64 = 11) -> [[UInt8]] {
        var rng = GrammarRNG(seed)
        return (0..<200).map { i in
            let long = i % 5 < 2
            switch shape {
            case .endsEarly:
                let base: [UInt8] = [0xA0, UInt8(1 + i % 3), rng.byte(), rng.byte(), rng.byte(), rng.byte(), rng.byte(), rng.byte()]
                return long ? base + [0xEE, rng.byte(), rng.byte(), rng.byte()] : base
            case .keyed:
                return long ? [0xB0, 7] + (0..<8).map { _ in rng.byte() } : [0xB0, UInt8(1 + i % 2)] + (0..<4).map { _ in rng.byte() }
            case .byLength:
                return long ? [0xC0, rng.byte(), 0x21, 0x22, 0x23, 0x24, rng.byte(), rng.byte(), rng.byte()]
                    : [0xC0, rng.byte(), 0x11, 0x12, 0x13, 0x14]
            }
        }
    }

    static let layouts: [Shape: [InferredField]] = [
        .endsEarly: [InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.9),
                     InferredField(offset: 1, length: 1, kind: .enumeration, confidence: 0.8),
                     InferredField(offset: 2, length: 2, kind: .integer, confidence: 0.5, endianness: .big),
                     InferredField(offset: 4, length: 4, kind: .bytes, confidence: 0.5)],
        .keyed: [InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.9),
                 InferredField(offset: 1, length: 1, kind: .enumeration, confidence: 0.8)],
        .byLength: [InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.9),
                    InferredField(offset: 1, length: 1, kind: .integer, confidence: 0.5)],
    ]

    static func discovery(_ msgs: [Message], _ shape: Shape) -> DiscoveryResult {
        let fields = layouts[shape]!
        let infs = msgs.map { MessageInference(messageIndex: $0.index, frame: $0.frame, typeID: "T1", boundaries: [0, $0.length],
                                               boundaryConfidence: [], fields: fields) }
        return DiscoveryResult(captureName: "variants", messages: infs,
                               types: [MessageTypeInfo(id: "T1", count: msgs.count, confidence: 0.9, rule: "", fields: fields)])
    }

    static func learned(_ shape: Shape) throws -> ([Message], Grammar) {
        let msgs = GrammarFixtures.messages(payloads(shape))
        let g0 = GrammarLearner().learn(messages: msgs, discovery: discovery(msgs, shape))
        return (msgs, try GrammarEM().refine(g0, messages: msgs.map(\.payload)))
    }

    /// Every message parses, and each group event says what the construction says.
    static func parsesAll(_ msgs: [Message], _ g: Grammar, group name: String, expected: (Message) -> UInt64) throws {
        let parser = try GrammarParser(grammar: g)
        for m in msgs {
            let tree = try parser.parse(m.payload).get()
            let ev = try #require(tree.fields.first { $0.isGroup && parser.nodes[Int($0.node)].name == name })
            #expect(ev.value == expected(m))
        }
    }

    @Test func messagesThatEndEarlyGiveAnOptionalTrailerWithItsFrequency() throws {
        let (msgs, g) = try Self.learned(.endsEarly)
        let nodes = try #require(g.types.first?.nodes)
        let opt = try #require(nodes.last)
        #expect(opt.kind == .optional)
        #expect(opt.body?.reduce(0) { $0 + ($1.terminal?.fixedWidth ?? 0) } == 4)
        // 80 of 200 carry the trailer: EM settles on 0.4.
        #expect(abs((opt.probability ?? 0) - 0.4) < 0.01)
        try Self.parsesAll(msgs, g, group: opt.name) { $0.length == 12 ? 1 : 0 }
        let parser = try GrammarParser(grammar: g)
        // A length between the two layouts is not this type.
        #expect(parser.matchType(ByteSlice(Self.payloads(.endsEarly)[0] + [0xEE, 1])) == nil)
        #expect(GrammarText.render(g).contains("\(opt.name) = [ "))
    }

    @Test func anEnumerationThatDecidesTheLengthGivesKeyedAlternatives() throws {
        let (msgs, g) = try Self.learned(.keyed)
        let nodes = try #require(g.types.first?.nodes)
        let alt = try #require(nodes.last)
        #expect(alt.kind == .alternatives)
        let choices = try #require(alt.choices)
        #expect(choices.count == 2)
        // Longest first; each branch starts with its own closed key set.
        #expect(choices[0].first?.terminal?.closed == true)
        #expect(Set(choices[0].first?.terminal?.values?.map(\.value) ?? []) == [7])
        #expect(Set(choices[1].first?.terminal?.values?.map(\.value) ?? []) == [1, 2])
        let w = try #require(alt.weights)
        #expect(abs(w[0] - 0.4) < 0.01 && abs(w[1] - 0.6) < 0.01)
        try Self.parsesAll(msgs, g, group: alt.name) { $0.length == 10 ? 0 : 1 }
        // A known key with the other key's length does not parse.
        #expect(try GrammarParser(grammar: g).matchType(ByteSlice([0xB0, 7, 1, 2, 3, 4])) == nil)
    }

    @Test func layoutsThatDisagreeOnAConstantGiveAlternativesByLength() throws {
        let (msgs, g) = try Self.learned(.byLength)
        let alt = try #require(g.types.first?.nodes.last)
        #expect(alt.kind == .alternatives)
        let choices = try #require(alt.choices)
        #expect(choices.count == 2)
        #expect(choices[0].first?.terminal?.constantBytes == [0x21, 0x22, 0x23, 0x24])
        #expect(choices[1].first?.terminal?.constantBytes == [0x11, 0x12, 0x13, 0x14])
        try Self.parsesAll(msgs, g, group: alt.name) { $0.length == 9 ? 0 : 1 }
    }

    @Test func variantsRoundTripThroughJSONAndText() throws {
        for shape in [Shape.endsEarly, .keyed, .byLength] {
            let (_, g) = try Self.learned(shape)
            #expect(try Grammar.decode(try g.jsonData()) == g)
            let text = GrammarText.render(g)
            #expect(text.contains(shape == .endsEarly ? "[p " : " / "))
        }
    }

    @Test func kaitaiSwitchesOnTheKeyOrTheLength() throws {
        let (_, keyed) = try Self.learned(.keyed)
        let doc = try #require(try Yams.load(yaml: KaitaiExporter(grammar: keyed).render()) as? [String: Any])
        let types = try #require(doc["types"] as? [String: Any])
        let seq = try #require((types["msg_t1"] as? [String: Any])?["seq"] as? [[String: Any]])
        #expect(seq.count == 3)
        #expect(seq[1]["type"] as? String == "u1")
        let sw = try #require(seq[2]["type"] as? [String: Any])
        #expect(sw["switch-on"] as? String == seq[1]["id"] as? String)
        let cases = try #require(sw["cases"] as? [AnyHashable: Any])
        #expect(Set(cases.keys.map { "\($0)" }) == ["1", "2", "7"])
        for name in cases.values { #expect(types[name as? String ?? ""] != nil) }

        let (_, byLength) = try Self.learned(.byLength)
        let doc2 = try #require(try Yams.load(yaml: KaitaiExporter(grammar: byLength).render()) as? [String: Any])
        let seq2 = try #require(((doc2["types"] as? [String: Any])?["msg_t1"] as? [String: Any])?["seq"] as? [[String: Any]])
        let sw2 = try #require(seq2.last?["type"] as? [String: Any])
        // Each length's branch starts with its own 4-byte constant: the switch reads it.
        #expect(sw2["switch-on"] as? String == seq2[seq2.count - 2]["id"] as? String)
        #expect(Set((sw2["cases"] as? [AnyHashable: Any] ?? [:]).keys.map { "\($0)" }) == ["\(0x2122_2324)", "\(0x1112_1314)"])
        // Branches without a key but of distinct fixed widths switch on the message size.
        let sized = GrammarType(id: "T1", probability: 1, count: 4, minLength: 3, maxLength: 6, nodes: [
            .field("k", .constant([1])),
            .alternatives("v", [[.field("a", .fixedBytes(5))], [.field("b", .fixedBytes(2))]]),
        ])
        let doc4 = try #require(try Yams.load(yaml: KaitaiExporter(grammar: Grammar(captureName: "s", types: [sized])).render()) as? [String: Any])
        let seq4 = try #require(((doc4["types"] as? [String: Any])?["msg_t1"] as? [String: Any])?["seq"] as? [[String: Any]])
        let sw4 = try #require(seq4.last?["type"] as? [String: Any])
        #expect(sw4["switch-on"] as? String == "_io.size")
        #expect(Set((sw4["cases"] as? [AnyHashable: Any] ?? [:]).keys.map { "\($0)" }) == ["6", "3"])

        let (_, early) = try Self.learned(.endsEarly)
        let doc3 = try #require(try Yams.load(yaml: KaitaiExporter(grammar: early).render()) as? [String: Any])
        let seq3 = try #require(((doc3["types"] as? [String: Any])?["msg_t1"] as? [String: Any])?["seq"] as? [[String: Any]])
        #expect(seq3.last?["if"] as? String == "not _io.eof")
    }

    @Test(.enabled(if: ExportTests.tshark != nil, "tshark is not installed"))
    func luaDissectorAgreesWithTheEngineOnEveryVariant() throws {
        for shape in [Shape.endsEarly, .keyed, .byLength] {
            let frames = Self.payloads(shape).enumerated().map { i, p in
                CaptureBuilder.udpFrame(fromA: i % 2 == 0, p, clientPort: 50000, serverPort: 40124)
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-variants-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let pcapPath = dir.appendingPathComponent("v.pcap").path
            try Data(CaptureBuilder.pcap(frames)).write(to: URL(fileURLWithPath: pcapPath))
            let cap = try CaptureReader.read(path: pcapPath)
            var g = GrammarLearner().learn(messages: cap.messages, discovery: Self.discovery(cap.messages, shape))
            g = try GrammarEM().refine(g, messages: cap.messages.map(\.payload))
            #expect(g.types[0].nodes.contains { $0.kind == .optional || $0.kind == .alternatives })
            let exporter = try WiresharkLuaExporter(grammar: g, capture: cap)
            let luaPath = dir.appendingPathComponent("d.lua").path
            try exporter.render().write(toFile: luaPath, atomically: true, encoding: .utf8)
            let pdml = try ExportTests.runTshark(lua: luaPath, pcap: pcapPath)
            let outcome = TsharkAgreement.compare(expected: TsharkAgreement.expected(exporter, messages: cap.messages),
                                                  observed: TsharkAgreement.observed(pdml: pdml, protocolName: exporter.protocolName))
            #expect(outcome.compared == cap.messages.count)
            #expect(outcome.rate == 1, "\(shape): differing frames \(outcome.disagreeingFrames)")
        }
    }
}
