import QbitelCopilot
import QbitelEngine
import Testing
@testable import QbitelTUI

@Suite struct CopilotQuickActionTests {
    @Test func eachQuickActionKeyAsksTheCopilotForItsAction() {
        let expected: [(Character, QuickAction)] = [("e", .explainMessage), ("t", .nameFields), ("d", .suggestFieldKinds),
                                                    ("w", .guessProtocol)]
        for (key, action) in expected {
            var s = WorkbenchFixture.state()
            _ = WorkbenchReducer.reduce(&s, .copilotStatus(.ready))
            WorkbenchFixture.send(&s, .char("5"))
            let fx = WorkbenchFixture.send(&s, .char(key))
            #expect(fx == [.askCopilot(question: "", action: action)])
            #expect(s.copilot.history.last?.role == .user)
            #expect(s.copilot.history.last?.text.hasPrefix("[") == true)
        }
    }

    @Test func aStructuredAnswerOffersEverySuggestionInTurn() {
        var s = WorkbenchFixture.state()
        _ = WorkbenchReducer.reduce(&s, .copilotStatus(.ready))
        WorkbenchFixture.send(&s, .char("5"))
        _ = WorkbenchFixture.send(&s, .char("t"))
        let answer = [FieldSuggestion(offset: 0, length: 1, name: "opcode"), FieldSuggestion(offset: 1, length: 2, name: "seq"),
                      FieldSuggestion(offset: 3, length: 2, kind: .length)]
        let offered = BackgroundWork.suggestions(answer, typeID: "T1")
        #expect(offered.map(\.edit) == [.renameField(FieldKey(typeID: "T1", offset: 0), "opcode"),
                                        .renameField(FieldKey(typeID: "T1", offset: 1), "seq"),
                                        .changeKind(FieldKey(typeID: "T1", offset: 3), .length)])
        _ = WorkbenchReducer.reduce(&s, .copilotFinished(suggestions: offered))
        #expect(s.copilot.suggestion == offered[0])
        #expect(s.copilot.history.last?.text.contains("2 more") == true)
        // Accept the first, reject the second, accept the third: only accepted ones are applied and saved.
        #expect(WorkbenchFixture.send(&s, .char("a")) == [.persist(offered[0].edit)])
        #expect(s.copilot.suggestion == offered[1])
        #expect(WorkbenchFixture.send(&s, .char("x")).isEmpty)
        #expect(s.copilot.suggestion == offered[2])
        #expect(WorkbenchFixture.send(&s, .char("a")) == [.persist(offered[2].edit)])
        #expect(s.copilot.suggestion == nil && s.copilot.queuedSuggestions.isEmpty)
        #expect(s.annotations.fieldNames[FieldKey(typeID: "T1", offset: 0)] == "opcode")
        #expect(s.annotations.fieldNames[FieldKey(typeID: "T1", offset: 1)] == nil)
    }

    @Test func noTypeOrNoStructuredAnswerOffersNothing() {
        #expect(BackgroundWork.suggestions(nil, typeID: "T1").isEmpty)
        #expect(BackgroundWork.suggestions([FieldSuggestion(offset: 0, length: 1, name: "x")], typeID: nil).isEmpty)
    }
}
