import Testing
@testable import QbitelEngine

@Suite struct ValidationTests {
    func validator(_ level: ValidationLevel, rules: String = "") throws -> (MessageValidator, Capture) {
        let (cap, g) = try GrammarFixtures.grammar()
        return (try MessageValidator(grammar: g, level: level, rules: try ValidationRules.parse(rules)), cap)
    }

    func message(_ bytes: [UInt8], index: Int = 0) -> Message {
        Message(index: index, frame: index + 1, timestamp: .zero, flow: .pseudo(), flowIndex: 0, direction: .clientToServer,
                payload: ByteSlice(bytes))
    }

    @Test func cleanCaptureIsValidAtStrict() throws {
        let (v, cap) = try validator(.strict)
        let r = try v.validate(cap.messages)
        #expect(r.verdicts.count == cap.messages.count)
        #expect(r.validCount == cap.messages.count)
        #expect(r.parseRate == 1)
        #expect(r.summaryLine.hasPrefix("STRICT: \(cap.messages.count) valid"))
    }

    @Test func basicChecksBoundsOnly() throws {
        let (v, _) = try validator(.basic)
        let r = try v.validate([message([]), message([0x00, 1, 2, 3, 4], index: 1)])
        #expect(r.verdicts[0].verdict == .invalid)
        #expect(r.verdicts[0].reasons.first?.code == .lengthMismatch)
        // Garbage of a plausible size passes BASIC: parsing is STANDARD's job.
        #expect(r.verdicts[1].verdict == .valid)
    }

    @Test func standardReportsParseFailuresWithOffsets() throws {
        let (v, _) = try validator(.standard)
        let r = try v.validate([message([0xB2, 7, 0, 9, 1, 2])])
        #expect(r.verdicts[0].verdict == .invalid)
        let reason = try #require(r.verdicts[0].reasons.first)
        #expect(reason.code == .parseFailed)
        #expect(reason.offset == 4)
    }

    @Test func strictFindsChecksumEnumAndCounterAnomalies() throws {
        let (v, _) = try validator(.strict)
        var rng = GrammarRNG(9)
        let good = GrammarFixtures.t1(&rng, seq: 500)
        var badSum = good; badSum[8] &+= 1
        var badEnum = GrammarFixtures.t1(&rng, seq: 501); badEnum[1] = 9
        var s: UInt8 = 0
        for (i, b) in badEnum.enumerated() where i != 8 { s &+= b }
        badEnum[8] = s
        let older = GrammarFixtures.t1(&rng, seq: 400)
        let r = try v.validate([message(good), message(badSum, index: 1), message(badEnum, index: 2), message(older, index: 3)])
        #expect(r.verdicts[0].verdict == .valid)
        #expect(r.verdicts[1].verdict == .anomalous)
        #expect(r.verdicts[1].reasons.map(\.code) == [.checksumMismatch])
        #expect(r.verdicts[1].reasons[0].offset == 8)
        #expect(r.verdicts[2].reasons.map(\.code).contains(.enumOutOfSet))
        #expect(r.verdicts[2].reasons.first { $0.code == .enumOutOfSet }?.offset == 1)
        #expect(r.verdicts[3].reasons.map(\.code).contains(.counterRegression))
        #expect(r.countsByCode[.checksumMismatch] == 1)
    }

    @Test func enterpriseAppliesUserRules() throws {
        let rules = """
        # user rules
        T1.f1 in {1, 2}
        T2.f1 == 7
        T3.f1 in 1..3
        *.tag != 0
        """
        let (v, _) = try validator(.enterprise, rules: rules)
        var rng = GrammarRNG(5)
        var t1 = GrammarFixtures.t1(&rng, seq: 1)
        t1[1] = 3
        var s: UInt8 = 0
        for (i, b) in t1.enumerated() where i != 8 { s &+= b }
        t1[8] = s
        let r = try v.validate([message(t1), message([0xB2, 9, 0, 0], index: 1), message([0xC3, 1, 0, 0], index: 2),
                                message([0xC3, 1, 4, 0], index: 3)])
        #expect(r.verdicts[0].reasons.map(\.code) == [.ruleViolation])
        #expect(r.verdicts[0].reasons[0].message.contains("line 2"))
        #expect(r.verdicts[1].reasons.map(\.code) == [.ruleViolation])
        #expect(r.verdicts[2].reasons.map(\.code) == [.ruleViolation])
        #expect(r.verdicts[3].verdict == .valid)
    }

    @Test func rulesFileErrorsNameTheLine() {
        for bad in ["T1.f1 in", "T1 in {1}", "T1.f1 between 1..2", "T1.f1 matches ([", "T1.f1 in 5..1", "T1.f1 == T2.f2"] {
            do {
                _ = try ValidationRules.parse("# ok\n" + bad)
                Issue.record("accepted: \(bad)")
            } catch let e as QbitelError {
                #expect(e.code == .badRulesFile)
                #expect(e.message.contains("line 2"))
            } catch {
                Issue.record("wrong error \(error)")
            }
        }
        let ok = try? ValidationRules.parse("T1.text matches ^[A-Z]+ #x$\nT1.a == T1.b")
        #expect(ok?.rules.count == 2)
    }

    @Test func regexAndCrossFieldRules() throws {
        let t = GrammarType(id: "T1", probability: 1, count: 1, minLength: 2, maxLength: 99, nodes: [
            .field("a", .integer(width: 1, endianness: .big, minimum: 0, maximum: 255)),
            .field("b", .integer(width: 1, endianness: .big, minimum: 0, maximum: 255)),
            .field("text", .bytesToEnd),
        ])
        let rules = try ValidationRules.parse("T1.a == T1.b\nT1.text matches ^[A-Z]+$")
        let v = try MessageValidator(grammar: Grammar(captureName: "r", types: [t]), level: .enterprise, rules: rules)
        let r = try v.validate([message([1, 1] + Array("ABC".utf8)), message([1, 2] + Array("abc".utf8), index: 1)])
        #expect(r.verdicts[0].verdict == .valid)
        #expect(r.verdicts[1].reasons.count == 2)
    }

    /// A capture where one type's messages are byte-identical to a rival type's: discovery put 30 copies in T1 (a
    /// selector value 1 next to T1's usual 2) and 60 in T2, so the mixture gives every copy to T2 and T1's value 1
    /// loses its probability in EM.
    static func overlappingTypes() -> (Capture, DiscoveryResult) {
        var rng = GrammarRNG(7)
        var payloads: [[UInt8]] = [], types: [String] = []
        for i in 0..<150 {
            switch i % 5 {
            case 0, 1: payloads.append([2, rng.byte(), rng.byte(), rng.byte()]); types.append("T1")
            case 2: payloads.append([1, 5, 0xAA, 0xBB]); types.append("T1")
            default: payloads.append([1, 5, 0xAA, 0xBB]); types.append("T2")
            }
        }
        let msgs = GrammarFixtures.messages(payloads)
        let cap = Capture(name: "overlap.bin", format: .bytes, frameCount: msgs.count, linkTypes: [], messages: msgs, flows: [],
                          warnings: [], firstTimestamp: nil, lastTimestamp: nil, byteCount: payloads.count * 4)
        let layouts: [String: [InferredField]] = [
            "T1": [InferredField(offset: 0, length: 1, kind: .enumeration, confidence: 0.8),
                   InferredField(offset: 1, length: 1, kind: .integer, confidence: 0.5),
                   InferredField(offset: 2, length: 2, kind: .bytes, confidence: 0.5)],
            "T2": [InferredField(offset: 0, length: 2, kind: .constant, confidence: 0.9),
                   InferredField(offset: 2, length: 2, kind: .bytes, confidence: 0.5)],
        ]
        let infs = zip(msgs, types).map { m, t in
            MessageInference(messageIndex: m.index, frame: m.frame, typeID: t, boundaries: [0, 4], boundaryConfidence: [], fields: layouts[t]!)
        }
        let infos = ["T1", "T2"].map { t in MessageTypeInfo(id: t, count: types.count { $0 == t }, confidence: 0.9, rule: "key", fields: layouts[t]!) }
        return (cap, DiscoveryResult(captureName: cap.name, messages: infs, types: infos))
    }

    @Test func cleanMessagesValidateAgainstTheirDiscoveredTypeAtStrict() async throws {
        let (cap, d) = Self.overlappingTypes()
        let r = await Orchestrator(options: OrchestratorOptions(validationLevel: .strict), discover: { _, _ in d }).run(cap)
        let g = try #require(r.grammar)
        let report = try #require(r.validation)
        // EM gave the shared copies to T2; T1 still knows the value it learned.
        let selector = try #require(g.types.first { $0.id == "T1" }?.nodes.first?.terminal)
        #expect(selector.kind == .enumeration)
        #expect(selector.values?.contains { $0.value == 1 && $0.probability > 0 } == true)
        #expect(report.anomalousCount == 0 && report.invalidCount == 0)
        // Every message is judged as the type discovery gave it, not as the rival the parse order tries first.
        for (v, inf) in zip(report.verdicts, d.messages) { #expect(v.typeID == inf.typeID) }
        // Without the assignment the validator picks the most probable type: the copies go to T2.
        let alone = try MessageValidator(grammar: g, level: .strict).validate(cap.messages)
        #expect(alone.anomalousCount == 0)
        #expect(alone.verdicts.filter { cap.messages[$0.messageIndex].payload[0] == 1 }.allSatisfy { $0.typeID == "T2" })
    }
}
