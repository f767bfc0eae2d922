import QbitelEngine
import Testing
@testable import QbitelCopilot

@Suite struct FieldSuggestionTests {
    let fields = [InferredField(offset: 0, length: 1, kind: .enumeration, confidence: 0.9),
                  InferredField(offset: 1, length: 2, kind: .integer, confidence: 0.6)]

    func code(_ answer: String, _ action: QuickAction = .nameFields) -> ErrorCode? {
        do {
            _ = try FieldSuggestion.parse(answer, fields: fields, expecting: action)
            return nil
        } catch let e as QbitelError {
            return e.code
        } catch {
            return .internalError
        }
    }

    @Test func parsesNamesAndKindsStrictly() throws {
        let names = try FieldSuggestion.parse(#"{"fields":[{"offset":0,"length":1,"name":"opcode","reason":"few values"}]}"#,
                                              fields: fields, expecting: .nameFields)
        #expect(names == [FieldSuggestion(offset: 0, length: 1, name: "opcode", reason: "few values")])
        let kinds = try FieldSuggestion.parse(#"{"fields":[{"offset":1,"length":2,"kind":"length"}]}"#,
                                              fields: fields, expecting: .suggestFieldKinds)
        #expect(kinds.first?.kind == .length)
    }

    @Test func refusesAnythingOutsideTheShape() {
        #expect(code("Sure! Here are the names: opcode") == .badSuggestion)
        #expect(code(#"{"names":[]}"#) == .badSuggestion)
        #expect(code(#"{"fields":[{"offset":"0","length":1,"name":"a"}]}"#) == .badSuggestion)
        #expect(code(#"{"fields":[{"offset":0.5,"length":1,"name":"a"}]}"#) == .badSuggestion)
        #expect(code(#"{"fields":[{"offset":7,"length":1,"name":"a"}]}"#) == .badSuggestion)
        #expect(code(#"{"fields":[{"offset":0,"length":1,"name":"Bad Name"}]}"#) == .badSuggestion)
        #expect(code(#"{"fields":[{"offset":0,"length":1,"name":"a"},{"offset":0,"length":1,"name":"b"}]}"#) == .badSuggestion)
        #expect(code(#"{"fields":[{"offset":0,"length":1,"kind":"magic"}]}"#, .suggestFieldKinds) == .badSuggestion)
    }

    @Test func onlyAcceptedSuggestionsChangeFields() throws {
        let parsed = try FieldSuggestion.parse(
            #"{"fields":[{"offset":0,"length":1,"name":"opcode"},{"offset":1,"length":2,"name":"size"}]}"#,
            fields: fields, expecting: .nameFields)
        var review = SuggestionReview(parsed)
        #expect(review.applied(to: fields) == fields)
        review.accept(0)
        review.reject(1)
        #expect(review.pendingCount == 0)
        let result = review.applied(to: fields)
        #expect(result[0].name == "opcode")
        #expect(result[1].name == nil)
    }
}
