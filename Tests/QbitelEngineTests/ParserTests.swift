import Testing
@testable import QbitelEngine

@Suite struct ParserTests {
    @Test func parsesTheCaptureItWasLearnedFrom() throws {
        let (cap, g) = try GrammarFixtures.grammar()
        let parser = try GrammarParser(grammar: g)
        var parsed = 0, rightType = 0
        let (_, truth) = GrammarFixtures.payloads(count: cap.messages.count)
        for (m, t) in zip(cap.messages, truth) {
            if case .success(let tree) = parser.parse(m.payload) {
                parsed += 1
                if tree.typeID == t { rightType += 1 }
            }
        }
        #expect(Double(parsed) / Double(cap.messages.count) >= 0.98)
        #expect(rightType == parsed)
    }

    @Test func treeHasOffsetsLengthsValuesAndPaths() throws {
        let (_, g) = try GrammarFixtures.grammar()
        let parser = try GrammarParser(grammar: g)
        // T3 with two items: tag 2 len 1 "x", tag 5 len 0.
        let msg = ByteSlice([0xC3, 2, 2, 1, 0x78, 5, 0])
        let tree = try parser.parse(msg).get()
        #expect(tree.typeID == "T3")
        let terms = tree.terminals
        #expect(terms.map { Int($0.offset) } == [0, 1, 2, 3, 4, 5, 6, 7])
        let paths = terms.map { parser.nodes[Int($0.node)].path }
        #expect(paths.contains("T3/items[]/tag"))
        let count = try #require(terms.first { parser.nodes[Int($0.node)].name == "f1" })
        #expect(count.hasValue && count.value == 2)
        let group = try #require(tree.fields.first { $0.isGroup })
        #expect(group.value == 2)
        #expect(parser.describe(terms[4], in: msg) == "\"x\"")
    }

    @Test func generalisesToValuesNeverSeen() throws {
        let (_, g) = try GrammarFixtures.grammar()
        let parser = try GrammarParser(grammar: g)
        // T2 with a kind never seen (0x42) and a body longer than any seen: matched by class, not by value.
        let body = [UInt8](repeating: 0xEE, count: 200)
        let msg = ByteSlice([0xB2, 0x42, 0, 200] + body)
        let tree = try parser.parse(msg).get()
        #expect(tree.typeID == "T2")
        #expect(tree.terminals.last?.length == 200)
    }

    @Test func garbageFailsFastWithOffsetAndExpectedElement() throws {
        let (_, g) = try GrammarFixtures.grammar()
        let parser = try GrammarParser(grammar: g)
        switch parser.parse(ByteSlice([0x00, 1, 2, 3, 4, 5])) {
        case .success: Issue.record("garbage parsed")
        case .failure(let f):
            #expect(f.offset == 0)
            #expect(f.expected.contains("constant"))
            #expect(f.error.code == .parseFailed)
        }
        // A T2 whose length field promises more bytes than there are: fails at the body, naming the length field.
        switch parser.parse(ByteSlice([0xB2, 7, 0, 50, 1, 2])) {
        case .success: Issue.record("short T2 parsed")
        case .failure(let f):
            #expect(f.offset == 4)
            #expect(f.expected.contains("length field"))
            #expect(f.typeID == "T2")
        }
    }

    @Test func alternativesBacktrackAndOptionalGroupsAreRecorded() throws {
        let alt = GrammarNode.alternatives("body", [
            [.field("a", .constant([1])), .field("x", .fixedBytes(2))],
            [.field("b", .constant([1])), .field("y", .fixedBytes(1))],
            [.field("s", .delimitedString([0]))],
        ])
        let t = GrammarType(id: "T1", probability: 1, count: 1, minLength: 1, maxLength: 9, nodes: [
            .field("k", .constant([9])), alt, .optional("trailer", [.field("z", .constant([0xFF]))]),
        ])
        let parser = try GrammarParser(grammar: Grammar(captureName: "alt", types: [t]))
        let a = try parser.parse(ByteSlice([9, 1, 7, 7])).get()
        #expect(a.fields.first { $0.isGroup && parser.nodes[Int($0.node)].name == "body" }?.value == 0)
        let b = try parser.parse(ByteSlice([9, 1, 7])).get()
        #expect(b.fields.first { $0.isGroup && parser.nodes[Int($0.node)].name == "body" }?.value == 1)
        let c = try parser.parse(ByteSlice([9, 65, 66, 0, 0xFF])).get()
        #expect(c.fields.first { $0.isGroup && parser.nodes[Int($0.node)].name == "body" }?.value == 2)
        #expect(c.fields.first { $0.isGroup && parser.nodes[Int($0.node)].name == "trailer" }?.value == 1)
        #expect(b.fields.first { $0.isGroup && parser.nodes[Int($0.node)].name == "trailer" }?.value == 0)
        #expect(parser.matchType(ByteSlice([9, 2])) == nil)
    }

    @Test func lengthPrefixedStringsAndLittleEndianIntegers() throws {
        let t = GrammarType(id: "T1", probability: 1, count: 1, minLength: 3, maxLength: 99, nodes: [
            .field("n", .integer(width: 2, endianness: .little, minimum: 0, maximum: 10)),
            .field("name", .lengthPrefixedString(prefixWidth: 1, endianness: .big)),
            .field("rest", .bytes(lengthFrom: "n", adjust: -1)),
        ])
        let parser = try GrammarParser(grammar: Grammar(captureName: "lp", types: [t]))
        let tree = try parser.parse(ByteSlice([3, 0, 2, 0x68, 0x69, 0xAA, 0xBB])).get()
        #expect(tree.terminals.map(\.length) == [2, 3, 2])
        #expect(tree.terminals[0].value == 3)
        #expect(parser.matchType(ByteSlice([3, 0, 2, 0x68, 0x69, 0xAA])) == nil)
    }
}
