import Testing
@testable import QbitelTUI

@Suite struct CellGridTests {
    @Test func textIsClippedByDisplayWidth() {
        var g = CellGrid(width: 10, height: 2)
        let used = g.text("héllo wörld", x: 2, y: 0, style: .plain)
        #expect(used == 8)
        #expect(g.line(0) == "  héllo wö")
    }

    @Test func boxesDrawWithUnicodeOrAscii() {
        var g = CellGrid(width: 12, height: 3)
        g.box(g.bounds, title: "T", style: .plain, titleStyle: .plain, glyphs: .unicode)
        #expect(g.line(0) == "┌ T ───────┐")
        #expect(g.line(2) == "└──────────┘")
        g.box(g.bounds, title: "", style: .plain, titleStyle: .plain, glyphs: .ascii)
        #expect(g.line(1) == "|          |")
    }

    @Test func diffReportsOnlyChangedCells() {
        var a = CellGrid(width: 5, height: 2)
        var b = a
        b.text("x", x: 3, y: 1, style: .plain)
        #expect(b.changedCells(from: a) == [8])
        a = CellGrid(width: 4, height: 2)
        #expect(b.changedCells(from: a).count == 10)
    }

    @Test func scrollingTheHexViewRewritesFewCells() {
        var s = WorkbenchFixture.state(width: 240, height: 70, count: 4)
        let r = WorkbenchRenderer(theme: Theme.dark.resolved(for: .full256))
        s.focus = .hex
        let before = r.render(s)
        WorkbenchFixture.send(&s, .right)
        let after = r.render(s)
        let changed = after.changedCells(from: before).count
        #expect(changed > 0)
        #expect(changed < 240 * 70 / 10)
    }
}
