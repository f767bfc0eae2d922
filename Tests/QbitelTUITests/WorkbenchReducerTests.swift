import QbitelEngine
import Testing
@testable import QbitelTUI

@Suite struct WorkbenchReducerTests {
    @Test func arrowsAndVimKeysMoveTheSelectionAndEveryPaneFollows() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .down, .char("j"))
        #expect(s.selectedRow == 2)
        #expect(s.selectedMessage == 2)
        WorkbenchFixture.send(&s, .char("k"))
        #expect(s.selectedMessage == 1)
        #expect(WorkbenchFixture.render(s).text.contains("frame 2, 8 bytes"))
        WorkbenchFixture.send(&s, .char("G"))
        #expect(s.selectedRow == 19)
        WorkbenchFixture.send(&s, .char("g"))
        #expect(s.selectedRow == 0)
    }

    @Test func tabCyclesPanesAndDigitsJump() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .tab)
        #expect(s.focus == .hex)
        WorkbenchFixture.send(&s, .backTab, .backTab)
        #expect(s.focus == .copilot)
        WorkbenchFixture.send(&s, .char("3"))
        #expect(s.focus == .fields)
    }

    @Test func hexCursorSelectsTheFieldAndFieldSelectionMovesTheCursor() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .enter)
        #expect(s.focus == .hex)
        WorkbenchFixture.send(&s, .right, .right, .right)
        #expect(s.hexCursor == 3)
        #expect(s.selectedField == 2)
        WorkbenchFixture.send(&s, .char("3"), .down)
        #expect(s.selectedField == 3)
        #expect(s.hexCursor == 7)
        // The grammar tree reveals the same field.
        s.expanded.insert("T1")
        WorkbenchFixture.send(&s, .up)
        let node = GrammarTree.rows(s)[s.grammarCursor]
        #expect(node.typeID == "T1" && node.fieldOffset == 3)
    }

    @Test func grammarNodeSelectsItsBytes() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char("4"), .down, .enter, .down, .down)
        #expect(GrammarTree.rows(s)[s.grammarCursor].fieldOffset == 1)
        #expect(s.hexCursor == 1)
        #expect(s.selectedField == 1)
        // ← goes to the parent, ← again collapses it.
        WorkbenchFixture.send(&s, .left, .left)
        #expect(!s.expanded.contains("T1"))
    }

    @Test func grammarNodeOfAnotherTypeJumpsToAMessageOfThatType() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char("4"), .down, .down)
        #expect(GrammarTree.rows(s)[s.grammarCursor].typeID == "T2")
        #expect(s.selectedMessage.map { s.typeID(of: $0) } == "T2")
    }

    @Test func filterByTypeDirectionAndBytesAndClear() {
        var s = WorkbenchFixture.state()
        _ = WorkbenchCommands.run(&s, "filter type T2")
        #expect(s.rowCount == 10)
        #expect((0..<s.rowCount).allSatisfy { s.typeID(of: s.messageIndex(atRow: $0)!) == "T2" })
        _ = WorkbenchCommands.run(&s, "filter clear")
        _ = WorkbenchCommands.run(&s, "filter dir c2s")
        #expect(s.rowCount == 10)
        _ = WorkbenchCommands.run(&s, "filter clear")
        _ = WorkbenchCommands.run(&s, "filter bytes 0000000e")
        #expect(s.rowCount == 1)
        #expect(s.selectedMessage == 14)
        _ = WorkbenchCommands.run(&s, "filter clear")
        _ = WorkbenchCommands.run(&s, "filter text PING")
        #expect(s.rowCount == 10)
        _ = WorkbenchCommands.run(&s, "filter verdict invalid")
        #expect(s.rowCount == 0)
        #expect(WorkbenchFixture.render(s).text.contains("no message matches the filter"))
    }

    @Test func sortByLengthAndJumpToFrame() {
        var s = WorkbenchFixture.state()
        _ = WorkbenchCommands.run(&s, "sort length")
        #expect(s.message(s.messageIndex(atRow: 0)!)!.length == 8)
        _ = WorkbenchCommands.run(&s, "sort frame")
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "13")
        WorkbenchFixture.send(&s, .enter)
        #expect(s.selectedMessage.flatMap { s.message($0)?.frame } == 13)
    }

    @Test func searchFindsBytesAcrossMessagesWithNextAndPrevious() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char("/"))
        WorkbenchFixture.type(&s, "c0 a8")
        WorkbenchFixture.send(&s, .enter)
        #expect(s.selectedMessage == 1)
        #expect(s.hexCursor == 3)
        WorkbenchFixture.send(&s, .char("n"))
        #expect(s.selectedMessage == 3)
        WorkbenchFixture.send(&s, .char("N"))
        #expect(s.selectedMessage == 1)
    }

    @Test func commandLineCompletesWithTab() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "fil")
        WorkbenchFixture.send(&s, .tab)
        #expect(s.mode == .command("filter "))
        WorkbenchFixture.type(&s, "ty")
        WorkbenchFixture.send(&s, .tab)
        #expect(s.mode == .command("filter type "))
        WorkbenchFixture.send(&s, .tab)
        #expect(s.completions == ["T1", "T2"])
        #expect(s.mode == .command("filter type T"))
        WorkbenchFixture.type(&s, "2")
        WorkbenchFixture.send(&s, .enter)
        #expect(s.filter.typeID == "T2")
        WorkbenchFixture.send(&s, .char(":"))
        WorkbenchFixture.type(&s, "r")
        WorkbenchFixture.send(&s, .tab)
        #expect(s.completions.contains("rename") && s.completions.contains("rerun"))
    }

    @Test func renameKindCommentBookmarkAreSavedAndUndoable() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char("3"), .down, .char("r"))
        #expect(s.mode == .prompt(.renameField, "f1"))
        for _ in 0..<2 { WorkbenchFixture.send(&s, .backspace) }
        WorkbenchFixture.type(&s, "len")
        let fx = WorkbenchFixture.send(&s, .enter)
        let key = FieldKey(typeID: "T1", offset: 1)
        #expect(fx == [.persist(.renameField(key, "len"))])
        #expect(s.selectedFields[1].name == "len")
        #expect(WorkbenchFixture.render(s).text.contains("len: length[2]") || s.annotations.fieldNames[key] == "len")
        _ = WorkbenchCommands.run(&s, "kind integer")
        #expect(s.selectedFields[1].kind == .integer)
        let fx2 = WorkbenchFixture.send(&s, .char("m"))
        #expect(fx2 == [.persist(.bookmark(0, true))])
        #expect(WorkbenchFixture.render(s).text.contains("★"))
        WorkbenchFixture.send(&s, .char("u"))
        #expect(!s.annotations.bookmarks.contains(0))
        WorkbenchFixture.send(&s, .char("u"))
        #expect(s.selectedFields[1].kind == .length)
        WorkbenchFixture.send(&s, .ctrl("r"))
        #expect(s.selectedFields[1].kind == .integer)
        WorkbenchFixture.send(&s, .char("1"), .char("r"))
        #expect(s.mode == .prompt(.renameType, "T1"))
        WorkbenchFixture.send(&s, .escape)
        _ = WorkbenchCommands.run(&s, "rename-type Hello")
        #expect(WorkbenchFixture.render(s).text.contains("Hello"))
    }

    @Test func mergeAndSplitTypes() {
        var s = WorkbenchFixture.state()
        _ = WorkbenchCommands.run(&s, "merge T2 T1")
        #expect(s.typeID(of: 1) == "T1")
        #expect(GrammarTree.rows(s)[0].label == "message ::= T1")
        WorkbenchFixture.send(&s, .char("u"))
        #expect(s.typeID(of: 1) == "T2")
        // Split T1 by its counter byte: each message gets its own subtype.
        s.hexCursor = 6
        WorkbenchFixture.send(&s, .char("S"))
        #expect(s.typeID(of: 0) == "T1.00")
        #expect(s.typeID(of: 2) == "T1.02")
    }

    @Test func copilotOfflineAnswersWithoutBlockingAndSuggestionsCanBeAccepted() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char("5"), .char("i"))
        WorkbenchFixture.type(&s, "what is f1")
        WorkbenchFixture.send(&s, .ctrl("j"))
        WorkbenchFixture.type(&s, "and f2?")
        #expect(s.copilot.draft == "what is f1\nand f2?")
        let fx = WorkbenchFixture.send(&s, .enter)
        #expect(fx.isEmpty)
        #expect(s.copilot.history.last?.text.contains("offline") == true)
        _ = WorkbenchReducer.reduce(&s, .copilotStatus(.ready))
        let fx2 = WorkbenchFixture.send(&s, .char("t"))
        #expect(fx2.count == 1)
        _ = WorkbenchReducer.reduce(&s, .copilotChunk("Looks like "))
        #expect(WorkbenchFixture.render(s).text.contains("ai: Looks like ▌"))
        let sug = CopilotPaneState.Suggestion(summary: "name T1 'Ping'", edit: .renameType("T1", "Ping"))
        _ = WorkbenchReducer.reduce(&s, .copilotChunk("a ping."))
        _ = WorkbenchReducer.reduce(&s, .copilotFinished(suggestions: [sug]))
        let fx3 = WorkbenchFixture.send(&s, .char("a"))
        #expect(fx3 == [.persist(.renameType("T1", "Ping"))])
        #expect(s.typeLabel("T1") == "Ping")
    }

    @Test func mouseClickSelectsAndWheelScrolls() {
        var s = WorkbenchFixture.state()
        let l = WorkbenchLayout.compute(width: s.width, height: s.height, zoomed: nil)
        let list = l.panes[.messages]!
        _ = WorkbenchReducer.reduce(&s, .mouse(MouseEvent(.click, x: list.x + 5, y: list.y + 2 + 4)))
        #expect(s.selectedRow == 4)
        _ = WorkbenchReducer.reduce(&s, .mouse(MouseEvent(.wheelDown, x: list.x + 5, y: list.y + 3)))
        #expect(s.selectedRow == 7)
        let hex = l.panes[.hex]!
        _ = WorkbenchReducer.reduce(&s, .mouse(MouseEvent(.click, x: hex.x + 1 + 8 + 3 * 2, y: hex.y + 1)))
        #expect(s.focus == .hex)
        #expect(s.hexCursor == 2)
        #expect(s.selectedField == 1)
    }

    @Test func quitAndCtrlCAskToQuit() {
        var s = WorkbenchFixture.state()
        #expect(WorkbenchFixture.send(&s, .char("q")) == [.quit])
        var t = WorkbenchFixture.state()
        WorkbenchFixture.send(&t, .char(":"))
        #expect(WorkbenchFixture.send(&t, .ctrl("c")) == [.quit])
    }

    @Test func discoveryProgressShowsInTheStatusBar() {
        var s = WorkbenchState(captureName: "x.pcap", width: 120, height: 40)
        _ = WorkbenchReducer.reduce(&s, .captureLoaded(WorkbenchFixture.capture()))
        _ = WorkbenchReducer.reduce(&s, .discoveryProgress(step: "classification", fraction: 0.5))
        #expect(WorkbenchFixture.render(s).text.contains("classification 50% ████░░░░"))
        _ = WorkbenchReducer.reduce(&s, .captureFailed(QbitelError(.fileNotFound, "gone")))
        #expect(WorkbenchFixture.render(s).text.contains("error 1001: gone"))
    }

    @Test func unknownCommandsAndBadArgumentsAreReportedNotFatal() {
        var s = WorkbenchFixture.state()
        _ = WorkbenchCommands.run(&s, "frobnicate")
        #expect(s.noticeIsError)
        _ = WorkbenchCommands.run(&s, "kind nonsense")
        #expect(s.notice?.contains("kind must be one of") == true)
        _ = WorkbenchCommands.run(&s, "filter flow zero")
        #expect(s.noticeIsError)
    }
}
