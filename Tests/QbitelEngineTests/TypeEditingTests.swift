import Testing
@testable import QbitelEngine

@Suite struct TypeEditingTests {
    static func sample() -> DiscoveryResult {
        let msgs = (0..<6).map { i in
            MessageInference(messageIndex: i, frame: i + 1, typeID: i < 2 ? "T1" : (i < 4 ? "T2" : "T3"),
                             boundaries: [0, 4], boundaryConfidence: [], fields: [])
        }
        return DiscoveryResult(captureName: "x", messages: msgs, types: [
            MessageTypeInfo(id: "T1", count: 2, confidence: 0.9, rule: "a"),
            MessageTypeInfo(id: "T2", count: 2, confidence: 0.6, rule: "b"),
            MessageTypeInfo(id: "T3", count: 2, confidence: 0.8, rule: "c"),
        ])
    }

    @Test func mergeMovesMessagesAndKeepsCounts() {
        let r = TypeEditing.merge(Self.sample(), ids: ["T3", "T1"])
        #expect(r.types.map(\.id) == ["T1", "T2"])
        #expect(r.types[0].count == 4)
        #expect(r.types[0].confidence == 0.8)
        #expect(r.messages.filter { $0.typeID == "T1" }.map(\.messageIndex) == [0, 1, 4, 5])
    }

    @Test func mergeOfOneOrUnknownIsNoChange() {
        #expect(TypeEditing.merge(Self.sample(), ids: ["T1", "T9"]) == Self.sample())
    }

    @Test func splitCreatesANewType() {
        let r = TypeEditing.split(Self.sample(), id: "T2", messageIndices: [3])
        #expect(r.types.map(\.id) == ["T1", "T2", "T3", "T4"])
        #expect(r.types[1].count == 1 && r.types[3].count == 1)
        #expect(r.messages[3].typeID == "T4")
        #expect(TypeEditing.split(Self.sample(), id: "T2", messageIndices: [2, 3]) == Self.sample())
    }
}
