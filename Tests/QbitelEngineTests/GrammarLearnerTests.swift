import Foundation
import Testing
@testable import QbitelEngine

@Suite struct GrammarLearnerTests {
    @Test func learnsConstantsEnumerationsLengthFieldsAndTLV() throws {
        let (cap, d) = GrammarFixtures.capture()
        let g = GrammarLearner().learn(messages: cap.messages, discovery: d)
        #expect(g.types.map(\.id) == ["T1", "T2", "T3"])
        let t1 = try #require(g.types.first { $0.id == "T1" })
        #expect(t1.nodes[0].terminal?.kind == .constant)
        #expect(t1.nodes[0].terminal?.constantBytes == [0xA1])
        #expect(t1.nodes[1].terminal?.kind == .enumeration)
        #expect(Set(t1.nodes[1].terminal?.values?.map(\.value) ?? []) == [1, 2, 3])
        #expect(t1.nodes[2].terminal?.kind == .integer)
        #expect(t1.nodes[4].checksum == .sum8)
        #expect(t1.isFixedLayout)
        let t2 = try #require(g.types.first { $0.id == "T2" })
        #expect(t2.nodes[2].lengthRelation == 4)
        let body = try #require(t2.nodes.last?.terminal)
        #expect(body.lengthFrom == t2.nodes[2].name)
        #expect(body.lengthAdjust == 0)
        let t3 = try #require(g.types.first { $0.id == "T3" })
        let items = try #require(t3.nodes.last)
        #expect(items.kind == .repeated)
        #expect(items.countFrom == t3.nodes[1].name)
        #expect(items.body?.count == 3)
        let p = g.types.map(\.probability).reduce(0, +)
        #expect(abs(p - 1) < 1e-9)
    }

    @Test func learnsDelimitedTextTails() throws {
        let lines = ["USER alice\r\n", "USER bob\r\n", "PASS x\r\n", "USER carol\r\n", "QUIT\r\n"].map { Array($0.utf8) }
        let msgs = GrammarFixtures.messages(lines)
        let infs = msgs.map { MessageInference(messageIndex: $0.index, frame: $0.frame, typeID: "T1", boundaries: [0, $0.length], boundaryConfidence: [], fields: []) }
        let g = GrammarLearner().learn(messages: msgs, discovery: DiscoveryResult(captureName: "t", messages: infs, types: [MessageTypeInfo(id: "T1", count: 5, confidence: 1, rule: "")]))
        let tail = try #require(g.types.first?.nodes.last?.terminal)
        #expect(tail.kind == .delimitedString)
        #expect(tail.delimiterBytes == [13, 10])
        let parser = try GrammarParser(grammar: g)
        #expect(parser.matchType(ByteSlice(Array("NOOP\r\n".utf8))) == 0)
        #expect(parser.matchType(ByteSlice(Array("NOOP".utf8))) == nil)
    }

    @Test func jsonRoundTripKeepsEverythingAndRefusesOtherVersions() throws {
        let (_, g) = try GrammarFixtures.grammar(count: 200)
        let data = try g.jsonData()
        let back = try Grammar.decode(data)
        #expect(back == g)
        var obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        obj["version"] = 99
        let bad = try JSONSerialization.data(withJSONObject: obj)
        #expect(throws: QbitelError.self) { try Grammar.decode(bad) }
        do { _ = try Grammar.decode(bad) } catch let e as QbitelError { #expect(e.code == .badGrammar) }
        #expect(throws: QbitelError.self) { try Grammar.decode(Data("{\"nope\":1}".utf8)) }
    }

    @Test func textFormShowsRulesWithProbabilities() throws {
        let (_, g) = try GrammarFixtures.grammar(count: 200)
        let text = GrammarText.render(g)
        #expect(text.contains("Message = "))
        #expect(text.contains("T1 ["))
        #expect(text.contains("%xa1"))
        #expect(text.contains("items = f1*( tag len value )"))
        #expect(text.contains("bytes(f2)"))
        #expect(text.contains("checksum sum8"))
    }

    @Test func unknownFieldReferenceIsABadGrammar() {
        var t = GrammarType(id: "T1", probability: 1, count: 1, minLength: 1, maxLength: 1, nodes: [.field("body", .bytes(lengthFrom: "missing"))])
        t.name = "x"
        #expect(throws: QbitelError.self) { try GrammarParser(grammar: Grammar(captureName: "x", types: [t])) }
    }

    @Test func counterThatGoesBackInItsFlowIsNotCheckedAsACounter() throws {
        // Offset 1 advances in every flow; offset 2 goes up and down: both were called counters by discovery.
        var payloads: [[UInt8]] = []
        for i in 0..<40 { payloads.append([0x10, UInt8(i), UInt8([5, 9, 3, 7][i % 4])]) }
        let msgs = payloads.enumerated().map { i, p in
            Message(index: i, frame: i + 1, timestamp: .zero, flow: .pseudo(), flowIndex: i % 2, direction: .clientToServer, payload: ByteSlice(p))
        }
        let fields = [InferredField(offset: 0, length: 1, kind: .constant, confidence: 1),
                      InferredField(offset: 1, length: 1, kind: .counter, confidence: 0.8),
                      InferredField(offset: 2, length: 1, kind: .counter, confidence: 0.6)]
        let infs = msgs.map { MessageInference(messageIndex: $0.index, frame: $0.frame, typeID: "T1", boundaries: [0, 1, 2, 3], boundaryConfidence: [], fields: fields) }
        let d = DiscoveryResult(captureName: "c", messages: infs, types: [MessageTypeInfo(id: "T1", count: 40, confidence: 1, rule: "", fields: fields)])
        let g = GrammarLearner().learn(messages: msgs, discovery: d)
        let nodes = try #require(g.types.first?.nodes)
        #expect(nodes[1].meaning == .counter)
        #expect(nodes[2].meaning == .integer)
        let report = try MessageValidator(grammar: g, level: .strict).validate(msgs)
        #expect(report.validCount == msgs.count)
    }
}
