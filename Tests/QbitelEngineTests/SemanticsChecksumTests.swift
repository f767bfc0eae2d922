import Testing
@testable import QbitelEngine

@Suite struct SemanticsChecksumTests {
    typealias S = SemanticsSynth

    @Test func algorithmsMatchTheCatalogueCheckValues() {
        let check = ByteSlice(Array("123456789".utf8))
        let expected: [ChecksumAlgorithm: UInt32] = [
            .crc16CCITTFalse: 0x29B1, .crc16XModem: 0x31C3, .crc16X25: 0x906E, .crc16Kermit: 0x2189,
            .crc16Modbus: 0x4B37, .crc16ARC: 0xBB3D, .crc16DNP: 0xEA82,
            .crc32: 0xCBF4_3926, .crc32C: 0xE306_9283, .crc32BZIP2: 0xFC89_1918,
        ]
        for (a, v) in expected { #expect(a.compute([check]) == v, "\(a.rawValue)") }
        // Internet checksum of RFC 1071's example words 0001 f203 f4f5 f6f7 is ~0xddf2.
        #expect(ChecksumAlgorithm.internet.compute([ByteSlice([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7])]) == 0x220D)
        // Split input gives the same CRC as one piece.
        let a = ByteSlice(Array("12345".utf8)), b = ByteSlice(Array("6789".utf8))
        #expect(ChecksumAlgorithm.crc32.compute([a, b]) == 0xCBF4_3926)
    }

    @Test func rangesGiveTheSameChecksumAsPartsAtEverySplit() {
        var rng = SemanticsRNG(seed: 12)
        let bytes = S.random(37, &rng)
        let whole = ByteSlice(bytes)
        for a in ChecksumAlgorithm.allCases {
            let expected = a.compute([whole])
            for cut in 0...bytes.count {
                let first = ByteSlice(Array(bytes[..<cut])), second = ByteSlice(Array(bytes[cut...]))
                #expect(a.compute([first, second]) == expected, "\(a.rawValue) split at \(cut)")
                let viaRanges = a.compute(UnsafeRawBufferPointer(rebasing: whole.buffer[0..<cut]),
                                          UnsafeRawBufferPointer(rebasing: whole.buffer[cut..<bytes.count]))
                #expect(viaRanges == expected, "\(a.rawValue) ranges split at \(cut)")
            }
        }
    }

    @Test func coveredRangesMatchCoveredParts() {
        let payload = ByteSlice(Array(0..<40).map { UInt8($0) })
        let coverages: [ChecksumCoverage] = [.allButField, .after, .before(start: 0), .before(start: 3), .before(start: 12)]
        for cov in coverages {
            for offset in [0, 1, 12, 20, 38] {
                let spec = ChecksumSpec(algorithm: .crc16Modbus, coverage: cov, endianness: .big)
                let parts = spec.coveredParts(of: payload, fieldOffset: offset, fieldLength: 2)
                let ranges = spec.coveredRanges(payloadCount: payload.count, fieldOffset: offset, fieldLength: 2)
                #expect((parts == nil) == (ranges == nil), "\(cov.description) at \(offset)")
                if let parts, let (a, b) = ranges {
                    let joined = parts.flatMap(\.array)
                    #expect(joined == Array(payload.array[a]) + Array(payload.array[b]), "\(cov.description) at \(offset)")
                }
            }
        }
    }

    @Test func modbusStyleTrailerLittleEndian() throws {
        var rng = SemanticsRNG(seed: 11)
        let ms = (0..<30).map { i -> Message in
            let body = S.random(Int.random(in: 6...60, using: &rng), &rng)
            let crc = ChecksumAlgorithm.crc16Modbus.compute([ByteSlice(body)])
            return S.message(body + S.le(UInt64(crc), 2), index: i)
        }
        let f = try #require(ChecksumDetector.detect(S.trailer(ms, length: 2)))
        #expect(f.kind == .checksum)
        #expect(f.confidence > 0.95)
        #expect(f.checksum == ChecksumSpec(algorithm: .crc16Modbus, coverage: .before(start: 0), endianness: .little))
        let found = ChecksumDetector.find(in: ms)
        #expect(found.first?.fromEnd == true)
        #expect(found.first?.spec.algorithm == .crc16Modbus)
    }

    @Test func internetChecksumWithTheFieldZeroed() throws {
        var rng = SemanticsRNG(seed: 12)
        let ms = (0..<25).map { i -> Message in
            var m = [UInt8(0x45), 0, 0, 0] + S.random(Int.random(in: 8...80, using: &rng), &rng)
            let c = ChecksumAlgorithm.internet.compute([ByteSlice(m)])   // field at 2..<4 is zero here
            m[2] = UInt8(c >> 8)
            m[3] = UInt8(c & 0xFF)
            return S.message(m, index: i)
        }
        let f = try #require(ChecksumDetector.detect(S.occurrences(ms, offset: 2, length: 2)))
        #expect(f.confidence > 0.95)
        #expect(f.checksum?.algorithm == .internet)
        #expect(f.checksum?.coverage == .allButField)
    }

    @Test func blockCRCOverTheBytesBeforeIt() throws {
        var rng = SemanticsRNG(seed: 13)
        // header(10) | 16 data bytes | DNP CRC of those 16 bytes, little-endian
        let ms = (0..<20).map { i -> Message in
            let head = S.random(10, &rng), block = S.random(16, &rng)
            let crc = ChecksumAlgorithm.crc16DNP.compute([ByteSlice(block)])
            return S.message(head + block + S.le(UInt64(crc), 2), index: i)
        }
        let f = try #require(ChecksumDetector.detect(S.occurrences(ms, offset: 26, length: 2)))
        #expect(f.confidence > 0.95)
        #expect(f.checksum == ChecksumSpec(algorithm: .crc16DNP, coverage: .before(start: 10), endianness: .little))
    }

    @Test func crc32OverTheBytesAfterIt() throws {
        var rng = SemanticsRNG(seed: 14)
        let ms = (0..<15).map { i -> Message in
            let body = S.random(Int.random(in: 20...200, using: &rng), &rng)
            return S.message([7, 7] + S.be(UInt64(ChecksumAlgorithm.crc32.compute([ByteSlice(body)])), 4) + body, index: i)
        }
        let f = try #require(ChecksumDetector.detect(S.occurrences(ms, offset: 2, length: 4)))
        #expect(f.confidence > 0.95)
        #expect(f.checksum == ChecksumSpec(algorithm: .crc32, coverage: .after, endianness: .big))
    }

    @Test func aFewCorruptedMessagesLowerButDoNotKillTheFinding() throws {
        var rng = SemanticsRNG(seed: 15)
        let ms = (0..<40).map { i -> Message in
            let body = S.random(30, &rng)
            var crc = ChecksumAlgorithm.crc16X25.compute([ByteSlice(body)])
            if i % 10 == 3 { crc ^= 0x5A5A }
            return S.message(body + S.le(UInt64(crc), 2), index: i)
        }
        let f = try #require(ChecksumDetector.detect(S.trailer(ms, length: 2)))
        #expect(f.checksum?.algorithm == .crc16X25)
        #expect(f.confidence > 0.7 && f.confidence < 0.9)
    }

    @Test func randomFieldsAreNotChecksums() {
        var rng = SemanticsRNG(seed: 16)
        var high = 0, trials = 0
        for t in 0..<120 {
            let ms = S.randomMessages(12, lengths: 20...80, &rng)
            for size in [1, 2, 4] {
                trials += 1
                let occ = t % 2 == 0 ? S.trailer(ms, length: size) : S.occurrences(ms, offset: 8 + t % 8, length: size)
                if let f = ChecksumDetector.detect(occ), f.confidence >= 0.5 { high += 1 }
            }
        }
        let rate = Double(high) / Double(trials)
        print("checksum detector: false-positive rate at ≥0.5 on random fields: \(rate) (\(high)/\(trials))")
        #expect(rate <= 0.01)
    }
}
