import Testing
@testable import QbitelEngine

@Suite struct CaptureStatisticsTests {
    @Test func columnsReportConstancyEntropyAndPrintableShare() {
        let msgs = SyntheticTraffic.messages([[0x41, 0, 1], [0x41, 255, 2], [0x41, 0, 3], [0x41, 255]])
        let s = CaptureStatistics(messages: msgs)
        #expect(s.columns.count == 3)
        #expect(s.columns[0].isConstant)
        #expect(s.columns[0].printableRatio == 1)
        #expect(abs(s.columns[1].entropy - 1) < 1e-9)
        #expect(s.columns[1].constancy == 0.5)
        #expect(s.columns[2].count == 3)
        #expect(s.columnsFromEnd[0].count == 4)
        #expect(s.lengthHistogram.map(\.length) == [2, 3])
        #expect(s.lengthHistogram.map(\.count) == [1, 3])
        #expect(s.columnsByLength.first { $0.length == 3 }?.columns.count == 3)
    }

    @Test func flowsKeepOrderAndDirectionPattern() {
        let msgs = SyntheticTraffic.messages([[1], [2], [3], [4]],
                                             directions: [.clientToServer, .serverToClient, .serverToClient, .clientToServer])
        let s = CaptureStatistics(messages: msgs)
        #expect(s.flows.count == 1)
        #expect(s.flows[0].directionPattern == "CSSC")
        #expect(s.flows[0].messageOrder == [0, 1, 2, 3])
        #expect(abs(s.flows[0].alternationRatio - 2.0 / 3.0) < 1e-9)
    }

    @Test func emptyInputGivesEmptyStatistics() {
        let s = CaptureStatistics(messages: [])
        #expect(s.columns.isEmpty && s.flows.isEmpty && s.messageCount == 0 && s.printableRatio == 0)
    }
}
