import Testing
@testable import QbitelEngine

/// A whole synthetic protocol, every field's meaning known by construction, labelled through `FieldSemantics`.
@Suite struct SemanticsFieldSemanticsTests {
    typealias S = SemanticsSynth

    /// Request:  magic "QB"(2) | u16be remaining length | u16be seq per flow | u16be txid | u32be unix time |
    ///           u8 opcode(1…3) | name (NUL-padded, 8) | f32be reading | payload | crc16-x25 trailer (LE)
    /// Reply:    same header with the request's txid echoed.
    func capture(pairs: Int, seed: UInt64) -> [Message] {
        var rng = SemanticsRNG(seed: seed)
        var seq = [UInt16](repeating: 0, count: 4)
        var t = S.baseTime
        var ms: [Message] = []
        let names = ["pump", "valve", "sensor", "gate"]
        for i in 0..<pairs {
            let flow = i % 4
            let txid = UInt16.random(in: 0...0xFFFF, using: &rng)
            for direction in [Direction.clientToServer, .serverToClient] {
                t += Double.random(in: 0.1...2, using: &rng)
                let name = Array(names[Int.random(in: 0...3, using: &rng)].utf8)
                var body: [UInt8] = S.be(UInt64(seq[flow]), 2) + S.be(UInt64(txid), 2) + S.be(UInt64(t), 4)
                body += [UInt8.random(in: 1...3, using: &rng)] + name + [UInt8](repeating: 0, count: 8 - name.count)
                body += S.be(UInt64(Float.random(in: 10...90, using: &rng).bitPattern), 4)
                body += S.random(Int.random(in: 0...40, using: &rng), &rng)
                var m: [UInt8] = Array("QB".utf8) + S.be(UInt64(body.count + 2), 2) + body
                let crc = ChecksumAlgorithm.crc16X25.compute([ByteSlice(m)])
                m += S.le(UInt64(crc), 2)
                ms.append(S.message(m, index: ms.count, flow: flow, direction: direction, time: t))
                seq[flow] &+= 1
            }
        }
        return ms
    }

    @Test func labelsEveryFieldOfASyntheticProtocol() {
        let ms = capture(pairs: 60, seed: 51)
        let semantics = FieldSemantics(context: SemanticContext(messages: ms))
        let requests = ms.filter { $0.direction == .clientToServer }
        func kind(_ offset: Int, _ length: Int, _ of: [Message] = []) -> SemanticFinding {
            semantics.classify(S.occurrences(of.isEmpty ? requests : of, offset: offset, length: length))
        }
        #expect(kind(0, 2).kind == .constant)
        let len = kind(2, 2)
        #expect(len.kind == .length && len.confidence > 0.9)
        #expect(kind(4, 2).kind == .counter)
        #expect(kind(6, 2).kind == .id)
        let ts = kind(8, 4)
        #expect(ts.kind == .timestamp && ts.timestampEncoding == .unixSeconds32)
        #expect(kind(12, 1).kind == .enumeration)
        #expect(kind(13, 8).kind == .string)
        #expect(kind(21, 4).kind == .float)
        let crc = semantics.classify(S.trailer(requests, length: 2))
        #expect(crc.kind == .checksum && crc.checksum?.algorithm == .crc16X25 && crc.confidence > 0.95)
        // Random payload bytes stay unlabelled or low.
        let tail = semantics.classify(requests.filter { $0.length >= 45 }.map { FieldOccurrence(message: $0, offset: 25, length: 2) })
        #expect(tail.confidence < 0.5)
    }

    @Test func candidatesListEveryOpinionBestFirst() {
        let ms = capture(pairs: 30, seed: 52)
        let semantics = FieldSemantics(context: SemanticContext(messages: ms))
        let all = semantics.candidates(S.occurrences(ms, offset: 2, length: 2))
        #expect(all.first?.kind == .length)
        #expect(zip(all, all.dropFirst()).allSatisfy { FieldSemantics.rank($0) >= FieldSemantics.rank($1) })
        #expect(all.allSatisfy { $0.confidence >= 0 && $0.confidence <= 1 })
    }

    @Test func scannersPinTheLengthAndTheChecksum() throws {
        let ms = capture(pairs: 40, seed: 53)
        let len = try #require(LengthFieldFinder.find(in: ms).first)
        #expect(len.offset == 2 && len.size == 2)
        let sum = try #require(ChecksumDetector.find(in: ms).first)
        #expect(sum.fromEnd && sum.size == 2 && sum.spec.algorithm == .crc16X25)
    }

    @Test func samplingCapsTheWork() {
        let ms = capture(pairs: 30, seed: 54)
        let semantics = FieldSemantics(context: SemanticContext(messages: ms), sampleLimit: 10)
        #expect(semantics.sample(S.occurrences(ms, offset: 0, length: 2)).count == 10)
    }

    /// Confidence should mean what it says: over many random fields, the share called anything checked at ≥ 0.5
    /// stays small, and the meanings the engine is sure of on the synthetic protocol are right.
    @Test func falsePositiveRateOnRandomFieldsIsReported() {
        var rng = SemanticsRNG(seed: 55)
        var called = 0, trials = 0
        for t in 0..<60 {
            let ms = S.randomMessages(24, lengths: 12...60, &rng)
            let semantics = FieldSemantics(context: SemanticContext(messages: ms))
            for size in [1, 2, 4, 8] {
                trials += 1
                let f = semantics.classify(S.occurrences(ms, offset: t % 4, length: size))
                if FieldSemantics.isChecked(f.kind) && f.confidence >= 0.5 { called += 1 }
            }
        }
        let rate = Double(called) / Double(trials)
        print("FieldSemantics: random fields called length/counter/id/timestamp/checksum/ipv4/lpstring at ≥0.5: \(rate) (\(called)/\(trials))")
        #expect(rate <= 0.02)
    }

    /// Calibration: findings are bucketed by confidence and checked against the truth of the synthetic protocol
    /// (eight known fields plus the trailer) and of random fields (which have no meaning). Sure findings must be right.
    @Test func confidenceIsCalibratedOnSyntheticTruth() {
        var buckets: [Int: (right: Int, all: Int)] = [:]   // 5 = [0.5, 0.7), 7 = [0.7, 0.9), 9 = [0.9, 1]
        func record(_ f: SemanticFinding, right: Bool) {
            guard f.confidence >= 0.5 else { return }
            let b = f.confidence >= 0.9 ? 9 : (f.confidence >= 0.7 ? 7 : 5)
            buckets[b, default: (0, 0)].all += 1
            if right { buckets[b, default: (0, 0)].right += 1 }
        }
        let truth: [(Int, Int, FieldKind)] = [(0, 2, .constant), (2, 2, .length), (4, 2, .counter), (6, 2, .id),
                                             (8, 4, .timestamp), (12, 1, .enumeration), (13, 8, .string), (21, 4, .float)]
        var rng = SemanticsRNG(seed: 56)
        for trial in 0..<8 {
            let ms = capture(pairs: 10 + 8 * trial, seed: 100 + UInt64(trial))
            let semantics = FieldSemantics(context: SemanticContext(messages: ms))
            let requests = ms.filter { $0.direction == .clientToServer }
            for (offset, length, kind) in truth {
                let f = semantics.classify(S.occurrences(requests, offset: offset, length: length))
                record(f, right: f.kind == kind)
            }
            let crc = semantics.classify(S.trailer(requests, length: 2))
            record(crc, right: crc.kind == .checksum)
            let random = S.randomMessages(12 + 6 * trial, lengths: 12...60, &rng)
            let rs = FieldSemantics(context: SemanticContext(messages: random))
            for size in [1, 2, 4, 8] {
                record(rs.classify(S.occurrences(random, offset: trial % 4, length: size)), right: false)
            }
        }
        for b in [9, 7, 5] {
            let (right, all) = buckets[b] ?? (0, 0)
            print("calibration: confidence bucket \(b == 9 ? "0.9–1.0" : (b == 7 ? "0.7–0.9" : "0.5–0.7")): \(right)/\(all) right")
        }
        let sure = buckets[9] ?? (0, 0)
        #expect(sure.all >= 40)
        #expect(Double(sure.right) >= 0.95 * Double(sure.all))
        let middle = (buckets[7]?.right ?? 0) + (buckets[5]?.right ?? 0)
        let middleAll = (buckets[7]?.all ?? 0) + (buckets[5]?.all ?? 0)
        #expect(middleAll == 0 || Double(middle) >= 0.5 * Double(middleAll))
    }
}
