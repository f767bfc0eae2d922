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

    @Test func accumulatedColumnsEqualColumnsBuiltFromTheFullHistogram() {
        var state: UInt64 = 5
        var acc = ColumnAccumulator(width: 40)
        for k in 0..<300 {
            // Column i takes about i + 1 values, some printable, some zero; lengths vary so late columns thin out.
            let bytes = (0..<(10 + k % 31)).map { i -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8((Int(state >> 33) % (i + 1)) * 7 % 256)
            }
            bytes.withUnsafeBytes { acc.add($0) }
        }
        let columns = acc.columns()
        #expect(columns.count == 40)
        for c in columns {
            let plain = ColumnStatistics(position: c.position, histogram: c.histogram)
            #expect(c == plain, "column \(c.position)")
        }
        #expect(columns[0].isConstant && columns[30].distinctValues > 10)
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
