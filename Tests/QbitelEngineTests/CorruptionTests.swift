import Foundation
import Testing
@testable import QbitelEngine

/// A small deterministic generator (SplitMix64) so every corruption is reproducible from its seed.
typealias SeededGenerator = SplitMix64

@Suite struct CorruptionTests {
    typealias B = CaptureBuilder

    func error(_ bytes: [UInt8]) throws -> QbitelError {
        try #require(throws: QbitelError.self) { try B.read(bytes) }
    }

    @Test func emptyFileIsError1004() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-empty-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let e = try #require(throws: QbitelError.self) { try CaptureReader.read(path: path) }
        #expect(e.code == .emptyInput)
        #expect(try self.error([]).code == .emptyInput)
    }

    @Test func randomBytesAreError1005() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<50 {
            var bytes = (0..<Int.random(in: 1...512, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes[0] = 0xFF // never a pcap/pcapng magic, never text
            let e = try error(bytes)
            #expect(e.code == .unknownFormat)
            #expect(e.offset == 0)
        }
    }

    @Test func truncatedPcapHeadersAreError1006() throws {
        let file = B.pcap([B.udpFrame([1, 2, 3])])
        let header = try error(Array(file[0..<10]))
        #expect(header.code == .truncatedHeader)
        #expect(header.offset == 0)
        let record = try error(Array(file[0..<(24 + 9)]))
        #expect(record.code == .truncatedHeader)
        #expect(record.offset == 24)
        #expect(record.message.contains("9 of 16"))
    }

    @Test func truncatedRecordIsError1007() throws {
        var file = B.pcap([B.udpFrame([1, 2, 3]), B.udpFrame([4, 5, 6])])
        file.removeLast(5)
        let e = try error(file)
        #expect(e.code == .truncatedRecord)
        #expect(e.offset == 24 + 16 + B.udpFrame([1, 2, 3]).count)
    }

    @Test func recordLengthBeyondTheLimitOrTheFileIsError1008() throws {
        var file = B.pcap([B.udpFrame([1, 2, 3])])
        file.replaceSubrange(32..<36, with: B.le32(300 * 1024))
        let big = try error(file)
        #expect(big.code == .recordTooLarge)
        #expect(big.offset == 32)
        #expect(big.message.contains("256 KiB"))
        file.replaceSubrange(32..<36, with: B.le32(100_000))
        let past = try error(file)
        #expect(past.code == .recordTooLarge)
        #expect(past.message.contains("larger than the whole file"))
    }

    @Test func pcapngBlockTooShortOrTrailerMismatchIsError1009() throws {
        var file = B.sectionHeader() + B.interface()
        var epb = B.enhancedPacket(B.udpFrame([1]), units: 0)
        epb[epb.count - 4] ^= 0x04
        file += epb
        #expect(try error(file).code == .badBlockLength)
        var tiny = B.sectionHeader()
        tiny += B.le32(1) + B.le32(8) + B.le32(8)
        #expect(try error(tiny).code == .badBlockLength)
    }

    @Test func unsupportedVersionsAreError1010() throws {
        var file = B.pcap([])
        file[4] = 3
        #expect(try error(file).code == .unsupportedVersion)
        var ng = B.sectionHeader() + B.interface()
        ng[12] = 2
        #expect(try error(ng).code == .unsupportedVersion)
    }

    /// Small captures of several formats and link types, each a mix of UDP, TCP (with loss and reordering) and
    /// fragments, mutated at seeded random offsets: every result must be a capture or a typed error.
    @Test(arguments: 0..<6)
    func mutatedCapturesNeverCrash(variant: Int) throws {
        let frames = sampleFrames()
        let file: [UInt8]
        switch variant {
        case 0: file = B.pcap(frames)
        case 1: file = B.pcap(frames.map { Array($0[14...]) }, link: 101)
        case 2: file = B.pcap(frames.map { [0, 0, 0, 1, 0, 6] + [UInt8](repeating: 1, count: 8) + Array($0[12...]) }, link: 113)
        case 3: file = B.pcapng(frames)
        case 4: file = B.pcapng(frames.map { B.le32(2) + Array($0[14...]) }, link: 0)
        default:
            file = B.sectionHeader() + B.interface(tsresol: 0x89) + frames.flatMap { B.simplePacket($0) }
        }
        let clean = try B.read(file)
        #expect(clean.messages.count > 5)
        var rng = SeededGenerator(seed: UInt64(1000 + variant))
        var outcomes = [0, 0]
        for _ in 0..<400 {
            var m = file
            let edits = Int.random(in: 1...4, using: &rng)
            for _ in 0..<edits {
                let at = Int.random(in: 0..<m.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: m[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: m[at] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                case 2: m.removeSubrange(at..<m.count)
                case 3: m.insert(contentsOf: (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
                default: m.replaceSubrange(at..<Swift.min(at + 4, m.count), with: [0xFF, 0xFF, 0xFF, 0x7F])
                }
                if m.isEmpty { m = [0] }
            }
            for unit in CaptureOptions.MessageUnit.allCases {
                do {
                    let cap = try B.read(m, unit: unit)
                    outcomes[0] += 1
                    #expect(cap.messages.enumerated().allSatisfy { $0.offset == $0.element.index })
                    #expect(cap.messages.allSatisfy { $0.frame >= 1 && $0.frame <= cap.frameCount })
                    #expect(cap.messages.allSatisfy { $0.flowIndex < cap.flows.count })
                } catch let e as QbitelError {
                    outcomes[1] += 1
                    #expect(e.code.rawValue / 1000 == 1)
                }
            }
        }
        #expect(outcomes[0] > 0 && outcomes[1] > 0)
    }

    func sampleFrames() -> [[UInt8]] {
        var frames: [[UInt8]] = [B.udpFrame(Array("query".utf8)), B.udpFrame(fromA: false, Array("answer".utf8))]
        frames += [B.tcpFrame(seq: 99, flags: 0x02), B.tcpFrame(fromA: false, seq: 499, flags: 0x12)]
        frames += [B.tcpFrame(seq: 100, Array("hello ".utf8)), B.tcpFrame(seq: 112, Array("later".utf8)),
                   B.tcpFrame(seq: 106, Array("world!".utf8)), B.tcpFrame(seq: 100, Array("hello ".utf8)),
                   B.tcpFrame(fromA: false, seq: 500, Array("reply".utf8)), B.tcpFrame(fromA: false, seq: 520, Array("lost before".utf8)),
                   B.tcpFrame(seq: 117, flags: 0x11), B.tcpFrame(fromA: false, seq: 531, flags: 0x11)]
        let udp = B.udp(7, 7, [UInt8](repeating: 0xAB, count: 24))
        frames.append(B.ethernet(0x0800, B.ipv4(proto: 17, Array(udp[0..<16]), id: 9, fragment: 0x2000)))
        frames.append(B.ethernet(0x0800, B.ipv4(proto: 17, Array(udp[16...]), id: 9, fragment: 2)))
        return frames
    }
}
