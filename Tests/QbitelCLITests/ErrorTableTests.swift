import Testing
import QbitelEngine

@Suite struct ErrorTableTests {
    @Test func everyCodeIsInItsRangeAndListedOnce() {
        let md = ErrorTable.render(markdown: true)
        for c in ErrorCode.allCases {
            #expect(md.contains("| \(c.rawValue) |"))
            #expect([1, 2, 3, 4, 5, 9].contains(c.rawValue / 1000))
        }
        #expect(Set(ErrorCode.allCases.map(\.rawValue)).count == ErrorCode.allCases.count)
    }
}
