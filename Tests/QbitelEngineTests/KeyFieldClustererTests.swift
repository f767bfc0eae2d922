import Testing
@testable import QbitelEngine

@Suite struct KeyFieldClustererTests {
    /// Purity of clusters against the truth: share of messages in their cluster's majority true type.
    static func purity(_ clusters: [TypeCluster], truth: [Int]) -> Double {
        var right = 0
        for c in clusters {
            var counts: [Int: Int] = [:]
            for i in c.members { counts[truth[i], default: 0] += 1 }
            right += counts.values.max() ?? 0
        }
        return Double(right) / Double(truth.count)
    }

    @Test func findsTheKeyByteAndSeparatesRequestsFromResponses() throws {
        let g = SyntheticTraffic.keyedBinary(count: 600)
        let msgs = SyntheticTraffic.messages(g.payloads)
        let views = msgs.map(MessageBytes.init)
        let clusters = try KeyFieldClusterer().cluster(views, indices: Array(views.indices), isText: false, isCancelled: nil)
        #expect(Self.purity(clusters, truth: g.types) >= 0.98)
        // Not one cluster per message: the id bytes must not be taken for a key.
        #expect(clusters.count <= 12)
        #expect(clusters.count >= 6)
    }

    @Test func randomBytesGiveFewTypes() throws {
        let msgs = SyntheticTraffic.messages(SyntheticTraffic.random(count: 500, length: 20...60))
        let views = msgs.map(MessageBytes.init)
        let clusters = try KeyFieldClusterer().cluster(views, indices: Array(views.indices), isText: false, isCancelled: nil)
        #expect(clusters.count <= 3)
    }

    @Test func textIsClusteredByFirstToken() throws {
        let lines = ["HELO a.example\r\n", "250 ok\r\n", "MAIL FROM:<x@y>\r\n", "250 ok\r\n", "RCPT TO:<z@y>\r\n", "250 ok\r\n",
                     "HELO b.example\r\n", "250 hello\r\n"]
        let msgs = SyntheticTraffic.messages(lines.map { Array($0.utf8) })
        let views = msgs.map(MessageBytes.init)
        let clusters = try KeyFieldClusterer().cluster(views, indices: Array(views.indices), isText: true, isCancelled: nil)
        #expect(clusters.count == 4)
        #expect(clusters.contains { Set($0.members) == [1, 3, 5, 7] })
    }

    @Test func stopsWhenCancelled() {
        let g = SyntheticTraffic.keyedBinary(count: 100)
        let views = SyntheticTraffic.messages(g.payloads).map(MessageBytes.init)
        #expect(throws: QbitelError.self) {
            try KeyFieldClusterer().cluster(views, indices: Array(views.indices), isText: false, isCancelled: { true })
        }
    }
}
