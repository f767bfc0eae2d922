import QbitelEngine
import Testing
@testable import QbitelStore

@Suite struct WorkspaceDurationTests {
    @Test func parsesUnitsAndCombinations() throws {
        #expect(try WorkspaceDuration.parse("90s") == 90)
        #expect(try WorkspaceDuration.parse("45m") == 2700)
        #expect(try WorkspaceDuration.parse("12h") == 43200)
        #expect(try WorkspaceDuration.parse("30d") == 30 * 86400)
        #expect(try WorkspaceDuration.parse("2w") == 14 * 86400)
        #expect(try WorkspaceDuration.parse("1d12h") == 129_600)
        #expect(try WorkspaceDuration.parse("1.5h") == 5400)
    }

    @Test(arguments: ["", "30", "d", "3x", "-1d", "1d2"])
    func refusesWhatIsNotADuration(_ text: String) {
        #expect(throws: QbitelError.self) { try WorkspaceDuration.parse(text) }
    }
}
