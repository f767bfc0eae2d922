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

    /// A request/response exchange on one flow: the reply echoes the request's command (byte 7) and says a little
    /// about it (its length, byte 8), too little for the command to pay for stating it on every message; priced for
    /// the requests alone, as the replies' commands follow from theirs, it does.
    static func exchange(count: Int) -> (payloads: [[UInt8]], commands: [Int]) {
        var rng = SplitMix64(seed: 21)
        var payloads: [[UInt8]] = [], commands: [Int] = []
        for k in 0..<count {
            let command = UInt8.random(in: 1...6, using: &rng)
            let id = [UInt8(k >> 8), UInt8(k & 0xFF)]
            payloads.append(id + [0, 0, 0, 6, 1, command] + (0..<4).map { _ in UInt8.random(in: 0...255, using: &rng) })
            payloads.append(id + [0, 0, 0, 6, 1, command, command &* 3]
                            + (0..<Int(command)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            commands += [Int(command), Int(command)]
        }
        return (payloads, commands)
    }

    @Test func aCommandThatRepliesEchoSplitsWhereNothingElseDoes() throws {
        let g = Self.exchange(count: 200)
        let msgs = SyntheticTraffic.messages(g.payloads)
        let views = msgs.map(MessageBytes.init)
        let context = SemanticContext(messages: msgs)
        let all = Array(views.indices)
        let clusterer = KeyFieldClusterer()
        #expect(clusterer.bestSplit(views, all) == nil)
        let pairing = RequestResponsePairs(views, context: context)
        let pairs = pairing.pairs(in: all)
        #expect(pairs.total == 200)
        #expect(RequestResponsePairs.predicts(KeyCandidate(kind: .bits(position: 7, mask: 0xFF)), pairs: pairs.pairs, views))
        // The message id is echoed too, but a constant byte of the flow never varies, and its bits are not a type.
        #expect(!RequestResponsePairs.predicts(KeyCandidate(kind: .bits(position: 6, mask: 0xFF)), pairs: pairs.pairs, views))
        let clusters = try clusterer.cluster(views, indices: all, isText: false, isCancelled: nil, context: context)
        #expect(clusters.count >= 6)
        #expect(Self.purity(clusters, truth: g.commands) >= 0.95, "\(clusters.map { "\($0.rule) \($0.members.count)" })")
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

    /// A command byte with twelve values of ten messages each, each command with its own length and body: a key
    /// whose groups are small must still pay for itself (the smoothing follows the values a column shows).
    @Test func findsAManyValuedCommandWithFewMessagesPerValue() throws {
        var rng = SplitMix64(seed: 11)
        var payloads: [[UInt8]] = [], truth: [Int] = []
        for i in 0..<120 {
            let cmd = i % 12
            var p: [UInt8] = (0..<4).map { _ in UInt8.random(in: 0...255, using: &rng) }
            p.append(UInt8(0x10 + cmd))
            p += (0..<(4 + cmd)).map { k in UInt8((cmd * 31 + k * 7) & 0xFF) }
            p += (0..<3).map { _ in UInt8.random(in: 0...255, using: &rng) }
            payloads.append(p)
            truth.append(cmd)
        }
        let views = SyntheticTraffic.messages(payloads, directions: Array(repeating: .clientToServer, count: 120)).map(MessageBytes.init)
        let clusters = try KeyFieldClusterer().cluster(views, indices: Array(views.indices), isText: false, isCancelled: nil)
        #expect(Self.purity(clusters, truth: truth) >= 0.95)
        #expect(clusters.count <= 16)
    }

    /// One request and one response format, sent by eight servers whose address (and a byte that follows the
    /// server) is constant per server: splitting by server explains columns, but the layouts agree, so the
    /// clusters are merged back into the two formats.
    @Test func mergesClustersThatDifferOnlyByAValue() throws {
        var rng = SplitMix64(seed: 5)
        var payloads: [[UInt8]] = [], truth: [Int] = [], directions: [Direction] = []
        for i in 0..<800 {
            let response = i % 2 == 1
            let server = Int.random(in: 0..<8, using: &rng)
            let address: [UInt8] = [10, UInt8(server * 37 & 0xFF), UInt8(server * 11 + 1), UInt8(200 - server)]
            var p: [UInt8] = [response ? 0x84 : 0x03, UInt8(server % 3 + 1)]
            p += address
            p += (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
            p += address.reversed()
            p += response ? (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) } : [UInt8](repeating: 0, count: 8)
            payloads.append(p)
            truth.append(response ? 1 : 0)
            directions.append(response ? .serverToClient : .clientToServer)
        }
        let views = SyntheticTraffic.messages(payloads, directions: directions).map(MessageBytes.init)
        let clusters = try KeyFieldClusterer().cluster(views, indices: Array(views.indices), isText: false, isCancelled: nil)
        #expect(Self.purity(clusters, truth: truth) >= 0.99)
        #expect(clusters.count <= 3)
    }

    @Test func layoutMergeKeepsDifferentLengthsAndDirectionsApart() {
        // Six messages of 12 bytes (two values of byte 1), three of 20 bytes, three of 12 bytes the other way.
        var payloads: [[UInt8]] = []
        var directions: [Direction] = []
        for k in 0..<6 { payloads.append([1, k < 3 ? 7 : 9] + [UInt8](repeating: UInt8(k), count: 10)); directions.append(.clientToServer) }
        for k in 0..<3 { payloads.append([1, 7] + [UInt8](repeating: UInt8(k), count: 18)); directions.append(.clientToServer) }
        for k in 0..<3 { payloads.append([1, 7] + [UInt8](repeating: UInt8(k), count: 10)); directions.append(.serverToClient) }
        let views = SyntheticTraffic.messages(payloads, directions: directions).map(MessageBytes.init)
        let clusters = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]].map { TypeCluster(members: $0, rule: "r", confidence: 0.5) }
        let merged = KeyFieldClusterer.mergeSameLayout(views, clusters, tolerance: 0.2)
        #expect(merged.count == 3)
        #expect(merged.contains { $0.members == [0, 1, 2, 3, 4, 5] })
        #expect(merged.contains { $0.members == [6, 7, 8] })
        #expect(merged.contains { $0.members == [9, 10, 11] })
    }

    /// Three clusters of one length and direction: A (byte 0 = 1, last byte 0), B (byte 0 = 2, a name fixed in bytes
    /// 1–3, last byte 0) and D (byte 0 = 2, last byte 0xFF). B differs from A in one fixed value and in which of 10
    /// columns are constant (3, above the plain tolerance): the final merge takes it in. D disagrees with A on two
    /// fixed values and stays apart, though the plain merge, which reads constancy only, would have joined them.
    @Test func finalMergeReadsTheValuesOfConstantColumns() {
        var payloads: [[UInt8]] = []
        func varying(_ k: Int, _ j: Int) -> UInt8 { UInt8((k * 37 + j * 11) & 0xFF) }
        for k in 0..<4 { payloads.append([1] + (1..<9).map { varying(k, $0) } + [0]) }
        for k in 4..<8 { payloads.append([2, 0x41, 0x42, 0x43] + (4..<9).map { varying(k, $0) } + [0]) }
        for k in 8..<12 { payloads.append([2] + (1..<9).map { varying(k, $0) } + [0xFF]) }
        let views = SyntheticTraffic.messages(payloads, directions: Array(repeating: .clientToServer, count: 12))
            .map(MessageBytes.init)
        let clusters = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]].map { TypeCluster(members: $0, rule: "r", confidence: 0.5) }
        let clusterer = KeyFieldClusterer()
        let final = KeyFieldClusterer.mergeSameLayout(views, clusters, tolerance: clusterer.crossBranchLayoutTolerance,
                                                      maxValueConflicts: clusterer.maxValueConflicts)
        #expect(final.map(\.members) == [[0, 1, 2, 3, 4, 5, 6, 7], [8, 9, 10, 11]])
        let plain = KeyFieldClusterer.mergeSameLayout(views, clusters, tolerance: clusterer.layoutTolerance)
        #expect(plain.map(\.members) == [[0, 1, 2, 3, 8, 9, 10, 11], [4, 5, 6, 7]])
    }
}
