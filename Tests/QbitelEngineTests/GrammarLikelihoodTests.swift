import Foundation
import Testing
@testable import QbitelEngine

@Suite struct GrammarLikelihoodTests {
    /// Two types that both accept a message: one guards with a constant (tried first), the other learned the
    /// message's exact values with high probability.
    static func rivals() throws -> GrammarParser {
        let loose = GrammarType(id: "T1", probability: 0.5, count: 50, minLength: 4, maxLength: 4, nodes: [
            .field("k", .constant([9])), .field("rest", .fixedBytes(3)),
        ])
        let exact = GrammarType(id: "T2", probability: 0.5, count: 50, minLength: 4, maxLength: 4, nodes: [
            .field("k", .enumeration(width: 1, endianness: .big, values: [.init(value: 9, probability: 0.9999)], other: 0.0001)),
            .field("a", .enumeration(width: 1, endianness: .big, values: [.init(value: 0, probability: 0.9999)], other: 0.0001)),
            .field("b", .enumeration(width: 2, endianness: .big, values: [.init(value: 0, probability: 0.9999)], other: 0.0001)),
        ])
        return try GrammarParser(grammar: Grammar(captureName: "rivals", types: [loose, exact]))
    }

    @Test func picksTheMostProbableTypeNotTheFirstThatParses() throws {
        let parser = try Self.rivals()
        let l = GrammarLikelihood(parser: parser)
        let msg = ByteSlice([9, 0, 0, 0])
        // The parse order tries the constant guard first…
        #expect(try parser.parse(msg).get().typeID == "T1")
        // …but the message is far more probable under T2 (learned values) than as three opaque bytes.
        let t1 = try parser.parse(msg, asType: 0).get(), t2 = try parser.parse(msg, asType: 1).get()
        #expect(l.logProbability(t2) > l.logProbability(t1))
        #expect(try l.mostLikelyParse(msg).get().typeID == "T2")
        // Values T2 never saw make the opaque reading the better one.
        #expect(try l.mostLikelyParse(ByteSlice([9, 7, 1, 2])).get().typeID == "T1")
        // Nothing parses: the parser's own failure, with its offset.
        switch l.mostLikelyParse(ByteSlice([9, 1])) {
        case .success: Issue.record("short message parsed")
        case .failure(let f): #expect(f.offset >= 1)
        }
    }

    @Test func logProbabilityCountsGroupsAndRepetitions() throws {
        let t = GrammarType(id: "T1", probability: 1, count: 10, minLength: 1, maxLength: 9, nodes: [
            .field("n", .integer(width: 1, endianness: .big, minimum: 0, maximum: 3)),
            .optional("opt", [.field("x", .constant([0xEE]))], probability: 0.25),
            .repeated("items", [.field("v", .constant([1]))], probability: 0.5),
        ])
        let parser = try GrammarParser(grammar: Grammar(captureName: "g", types: [t]))
        let l = GrammarLikelihood(parser: parser)
        let without = try parser.parse(ByteSlice([2]), asType: 0).get()
        let with = try parser.parse(ByteSlice([2, 0xEE, 1, 1]), asType: 0).get()
        // n uniform over 0...3: log(1/4); absent optional log(0.75); no repetition log(0.5).
        #expect(abs(l.logProbability(without) - (log(0.25) + log(0.75) + log(0.5))) < 1e-9)
        // Present optional log(0.25); two repetitions 2·log(0.5) + log(0.5).
        #expect(abs(l.logProbability(with) - (log(0.25) + log(0.25) + 3 * log(0.5))) < 1e-9)
    }
}
