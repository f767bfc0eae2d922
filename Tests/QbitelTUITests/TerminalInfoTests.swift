import Testing
@testable import QbitelTUI

@Suite struct TerminalInfoTests {
    @Test func linksNcurses() { #expect(TerminalInfo.cursesVersion.contains("ncurses")) }
}
