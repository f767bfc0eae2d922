import QbitelEngine
import Testing
@testable import QbitelTUI

@Suite struct WorkbenchRenderTests {
    @Test func firstScreenShowsEveryPaneAndTheStatusBar() {
        let s = WorkbenchFixture.state()
        let text = WorkbenchFixture.render(s).text
        for title in ["1 Messages", "2 Hex", "3 Fields", "4 Grammar", "5 Copilot"] { #expect(text.contains(title)) }
        #expect(text.contains("fixture.pcap 20 msgs"))
        #expect(text.contains("discovery done"))
        #expect(text.contains("copilot: offline"))
    }

    @Test func messageRowsShowFrameDirectionLengthTypeAndVerdict() {
        let g = WorkbenchFixture.render(WorkbenchFixture.state(width: 200))
        let row1 = (0..<g.height).map(g.line).first { $0.contains("      1 ") && $0.contains("T1") }
        let row2 = (0..<g.height).map(g.line).first { $0.contains("      2 ") && $0.contains("T2") }
        #expect(row1?.contains("→") == true)
        #expect(row1?.contains("   11") == true)
        #expect(row1?.contains("✓") == true)
        #expect(row2?.contains("←") == true)
        #expect(row2?.contains("10.0.0.1:40000 > 10.0.0.2:9000/udp") == true)
    }

    @Test func hexViewShowsOffsetHexAsciiAndBoundaryMarks() {
        let g = WorkbenchFixture.render(WorkbenchFixture.state(), mode: .monochrome)
        let line = (0..<g.height).map(g.line).first { $0.contains("000000") }
        // Fields start at 0, 1, 3 and 7: a │ precedes each, even in monochrome.
        #expect(line?.contains("│01│00 0c│00 00 00 00│50 49 4e 47") == true)
        #expect(line?.contains("·····PING") == true)
    }

    @Test func inspectorDecodesTheBytesUnderTheCursorBothWays() {
        var s = WorkbenchFixture.state()
        s.focus = .hex
        WorkbenchFixture.send(&s, .right)
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("u16 be 12 le 3072"))
        #expect(text.contains("field f1 (length, 2 B @1) = 12"))
    }

    @Test func fieldTableListsOffsetsKindsValuesAndNotes() {
        let text = WorkbenchFixture.render(WorkbenchFixture.state()).text
        #expect(text.contains("always 0x01"))
        #expect(text.contains("\"PING\""))
        #expect(text.contains("length"))
        #expect(text.contains("95%"))
    }

    @Test func grammarTreeShowsTypesWithProbabilities() {
        var s = WorkbenchFixture.state()
        s.focus = .grammar
        WorkbenchFixture.send(&s, .down, .right)
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("message ::= T1 | T2"))
        #expect(text.contains("0.50 T1 ::= 4 fields"))
        #expect(text.contains("f1: length[2] @1"))
    }

    @Test func helpOverlayListsEveryBinding() {
        var s = WorkbenchFixture.state(width: 200, height: 70)
        WorkbenchFixture.send(&s, .char("?"))
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("Help — keys"))
        let lines = HelpOverlay.lines(.standard)
        for b in Keymap.standard.bindings {
            #expect(lines.contains { $0.contains(b.help) }, "missing \(b.help)")
        }
        WorkbenchFixture.send(&s, .escape)
        #expect(!WorkbenchFixture.render(s).text.contains("Help — keys"))
    }

    @Test func resizeRelaysOutAndTinyScreensSaySo() {
        var s = WorkbenchFixture.state()
        _ = WorkbenchReducer.reduce(&s, .resize(width: 100, height: 30))
        let g = WorkbenchFixture.render(s)
        #expect(g.width == 100 && g.height == 30)
        #expect(g.text.contains("1 Messages"))
        _ = WorkbenchReducer.reduce(&s, .resize(width: 40, height: 10))
        #expect(WorkbenchFixture.render(s).text.contains("terminal too small"))
    }

    @Test func zoomGivesOnePaneTheWholeScreen() {
        var s = WorkbenchFixture.state()
        WorkbenchFixture.send(&s, .char("2"), .char("z"))
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("2 Hex"))
        #expect(!text.contains("1 Messages"))
        WorkbenchFixture.send(&s, .char("z"))
        #expect(WorkbenchFixture.render(s).text.contains("1 Messages"))
    }

    @Test func monochromeDropsColourButKeepsSelectionVisible() {
        let g = WorkbenchFixture.render(WorkbenchFixture.state(), mode: .monochrome)
        #expect(g.cells.allSatisfy { $0.style.foreground == -1 && $0.style.background == -1 })
        #expect(g.cells.contains { $0.style.attributes.contains(.reverse) })
        let colour = WorkbenchFixture.render(WorkbenchFixture.state(), mode: .full256)
        #expect(colour.cells.contains { $0.style.foreground > 7 })
        let eight = WorkbenchFixture.render(WorkbenchFixture.state(), mode: .basic8)
        #expect(eight.cells.allSatisfy { $0.style.foreground < 8 && $0.style.background < 8 })
    }

    @Test func loadingScreenBeforeTheCaptureArrives() {
        let s = WorkbenchState(captureName: "big.pcap", width: 120, height: 40)
        let text = WorkbenchFixture.render(s).text
        #expect(text.contains("reading big.pcap"))
        #expect(text.contains("reading capture"))
    }
}
