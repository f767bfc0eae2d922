import Testing
@testable import QbitelEngine

@Suite struct TCPReassemblyTests {
    typealias B = CaptureBuilder
    let request = Array("GET /index.html HTTP/1.0\r\n".utf8)
    let response = Array("HTTP/1.0 200 OK\r\n\r\nbody".utf8)

    /// Handshake, a request in three segments, a response in two, and FINs both ways.
    func conversation(requestOrder: [Int] = [0, 1, 2], duplicate: Int? = nil, drop: Int? = nil) -> [[UInt8]] {
        let cuts = [0, 5, 15, request.count]
        var frames = [B.tcpFrame(seq: 999, flags: 0x02), B.tcpFrame(fromA: false, seq: 4999, flags: 0x12)]
        var pieces: [[UInt8]] = []
        for i in 0..<3 {
            pieces.append(B.tcpFrame(seq: 1000 + UInt32(cuts[i]), Array(request[cuts[i]..<cuts[i + 1]])))
        }
        for i in requestOrder where i != drop {
            frames.append(pieces[i])
            if i == duplicate { frames.append(pieces[i]) }
        }
        frames.append(B.tcpFrame(fromA: false, seq: 5000, Array(response[0..<10])))
        frames.append(B.tcpFrame(fromA: false, seq: 5010, Array(response[10...])))
        frames.append(B.tcpFrame(seq: 1000 + UInt32(request.count), flags: 0x11))
        frames.append(B.tcpFrame(fromA: false, seq: 5000 + UInt32(response.count), flags: 0x11))
        return frames
    }

    @Test func segmentModeKeepsOneMessagePerSegmentEvenForRetransmissions() throws {
        let cap = try B.read(B.pcap(conversation(duplicate: 1)))
        #expect(cap.messages.count == 6)
        #expect(cap.messages.allSatisfy { !$0.hasGap })
        #expect(!cap.warnings.contains { $0.code == .tcpGap })
        #expect(cap.messages[0].direction == .clientToServer)
        #expect(cap.messages[4].direction == .serverToClient)
    }

    @Test func streamModeJoinsSameDirectionBytesInOrder() throws {
        let cap = try B.read(B.pcap(conversation()), unit: .streamChunk)
        #expect(cap.messages.count == 2)
        #expect(cap.messages[0].payload.array == request)
        #expect(cap.messages[0].direction == .clientToServer)
        #expect(cap.messages[0].frame == 3)
        #expect(cap.messages[1].payload.array == response)
        #expect(cap.messages[1].direction == .serverToClient)
        #expect(cap.messages.map(\.index) == [0, 1])
        #expect(cap.flows[0].clientToServerBytes == request.count)
    }

    @Test func streamModeDropsRetransmittedBytes() throws {
        let cap = try B.read(B.pcap(conversation(duplicate: 1)), unit: .streamChunk)
        #expect(cap.messages.count == 2)
        #expect(cap.messages[0].payload.array == request)
    }

    @Test func streamModePlacesOutOfOrderSegments() throws {
        let cap = try B.read(B.pcap(conversation(requestOrder: [0, 2, 1])), unit: .streamChunk)
        #expect(cap.messages[0].payload.array == request)
        #expect(!cap.messages[0].hasGap)
        #expect(!cap.warnings.contains { $0.code == .tcpGap })
    }

    @Test func overlappingSegmentKeepsTheFirstBytesOnce() throws {
        var frames = [B.tcpFrame(seq: 99, flags: 0x02)]
        frames.append(B.tcpFrame(seq: 100, Array("abcdef".utf8)))
        frames.append(B.tcpFrame(seq: 103, Array("XYZghi".utf8))) // overlaps "def" with other bytes
        let cap = try B.read(B.pcap(frames), unit: .streamChunk)
        #expect(cap.messages.count == 1)
        #expect(String(decoding: cap.messages[0].payload.array, as: UTF8.self) == "abcdefghi")
        let seg = try B.read(B.pcap(frames))
        #expect(seg.messages.count == 2)
    }

    @Test func missingSegmentIsAGapInBothUnits() throws {
        let frames = conversation(drop: 1)
        let seg = try B.read(B.pcap(frames))
        #expect(seg.messages.count == 4)
        let gapped = seg.messages.filter(\.hasGap)
        #expect(gapped.count == 1)
        #expect(gapped.first?.payload.array == Array(request[15...]))
        let warning = try #require(seg.warnings.first { $0.code == .tcpGap })
        #expect(warning.message.contains("10 byte"))
        #expect(seg.flows[0].gaps == 1)

        let stream = try B.read(B.pcap(frames), unit: .streamChunk)
        #expect(stream.messages.count == 3)
        #expect(stream.messages[0].payload.array == Array(request[0..<5]))
        #expect(!stream.messages[0].hasGap)
        #expect(stream.messages[1].payload.array == Array(request[15...]))
        #expect(stream.messages[1].hasGap)
        #expect(stream.warnings.contains { $0.code == .tcpGap })
    }

    @Test func singleSegmentChunkIsZeroCopyAndJoinedChunkIsOwned() throws {
        let file = ByteSlice(B.pcap(conversation()))
        let cap = try CaptureReader.read(file, name: "t", options: CaptureOptions(messageUnit: .streamChunk))
        #expect(cap.messages[0].payload.storage !== file.storage) // three segments: copied once
        var frames = [B.tcpFrame(seq: 1, flags: 0x02), B.tcpFrame(seq: 2, Array("one".utf8))]
        frames.append(B.tcpFrame(fromA: false, seq: 50, Array("two".utf8)))
        let file2 = ByteSlice(B.pcap(frames))
        let cap2 = try CaptureReader.read(file2, name: "t", options: CaptureOptions(messageUnit: .streamChunk))
        #expect(cap2.messages.count == 2)
        #expect(cap2.messages.allSatisfy { $0.payload.storage === file2.storage })
    }

    @Test func sequenceNumbersWrapAround() throws {
        let frames = [B.tcpFrame(seq: UInt32.max - 3, flags: 0x02),
                      B.tcpFrame(seq: UInt32.max - 2, Array("abc".utf8)),
                      B.tcpFrame(seq: 0, Array("def".utf8))]
        let cap = try B.read(B.pcap(frames), unit: .streamChunk)
        #expect(cap.messages.count == 1)
        #expect(String(decoding: cap.messages[0].payload.array, as: UTF8.self) == "abcdef")
    }

    @Test func newConnectionOnSamePortsStartsAFreshStream() throws {
        var frames = [B.tcpFrame(seq: 10, flags: 0x02), B.tcpFrame(seq: 11, Array("first".utf8)),
                      B.tcpFrame(seq: 16, flags: 0x04)]
        frames += [B.tcpFrame(seq: 90_000, flags: 0x02), B.tcpFrame(seq: 90_001, Array("second".utf8))]
        let cap = try B.read(B.pcap(frames), unit: .streamChunk)
        #expect(cap.messages.map { String(decoding: $0.payload.array, as: UTF8.self) } == ["first", "second"])
        #expect(!cap.warnings.contains { $0.code == .tcpGap })
    }

    /// Reassembly state follows live flows: a flow's held segments are released when it ends with FIN or RST.
    @Test func endedFlowsHoldNothing() throws {
        var assembler = MessageAssembler(options: CaptureOptions(messageUnit: .streamChunk))
        let decoder = PacketDecoder()
        func feed(_ frame: [UInt8], _ n: Int) {
            let raw = RawFrame(number: n, timestamp: .zero, linkType: 1, data: ByteSlice(frame),
                               originalLength: frame.count, fileOffset: 0)
            if case .packet(let p) = decoder.decode(raw) { assembler.add(p, frame: n, timestamp: .zero) }
        }
        var n = 0
        for flow in 0..<200 {
            let port = UInt16(10_000 + flow)
            n += 1; feed(B.tcpFrame(seq: 0, flags: 0x02, clientPort: port), n)
            n += 1; feed(B.tcpFrame(seq: 1, Array("ab".utf8), clientPort: port), n)
            n += 1; feed(B.tcpFrame(seq: 5, Array("late".utf8), clientPort: port), n) // waits behind a hole
            n += 1; feed(B.tcpFrame(seq: 3, Array("cd".utf8), clientPort: port), n)
            #expect(assembler.heldSegments >= 1)
            n += 1; feed(B.tcpFrame(seq: 9, flags: flow % 2 == 0 ? 0x11 : 0x04, clientPort: port), n)
            n += 1; feed(B.tcpFrame(fromA: false, seq: 0, flags: 0x11, clientPort: port), n)
            #expect(assembler.heldSegments == 0)
        }
        var warnings: [CaptureWarning] = []
        let (messages, flows) = assembler.finish(warnings: &warnings)
        #expect(flows.count == 200)
        #expect(messages.count == 200)
        #expect(messages.allSatisfy { String(decoding: $0.payload.array, as: UTF8.self) == "abcdlate" })
        #expect(warnings.isEmpty)
    }

    @Test func reassemblerBoundsWaitingSegments() {
        var r = TCPStreamReassembler()
        var delivered = 0
        var gaps = 0
        _ = r.syn(sequence: 0)
        // Every second segment is missing: the waiting list must not grow without end.
        for i in 0..<2000 {
            let seg = ByteSlice([UInt8](repeating: UInt8(i & 0xFF), count: 10))
            r.add(sequence: 1 + UInt32(i) * 20 + 10, data: seg, frame: i, timestamp: .zero, messageIndex: i) { d in
                delivered += d.data.count
                if d.missingBefore > 0 { gaps += 1 }
            }
        }
        #expect(delivered >= (2000 - TCPStreamReassembler.maxWaitingSegments - 1) * 10)
        r.flush { d in delivered += d.data.count; if d.missingBefore > 0 { gaps += 1 } }
        #expect(delivered == 20_000)
        #expect(gaps == 2000)
        #expect(r.isEmpty)
    }
}
