import Foundation

/// Writes large synthetic captures for the ingest benchmark, as pcap and (optionally) pcapng of the same frames.
///
/// TCP conversations run handshake → request/response exchanges → FIN both ways, many at once and interleaved;
/// 1 % of data segments are reordered with their successor and 1 % sent twice, so reassembly does real work.
enum SyntheticCaptureWriter {
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    private struct Conversation {
        var clientPort: UInt16
        var server: UInt32
        var client: UInt32
        var clientSeq: UInt32
        var serverSeq: UInt32
        var exchangesLeft: Int
        /// Frames ready to send: (from client, flags, payload length).
        var queue: [(Bool, UInt8, Int)] = []
    }

    static func write(pcap: String, pcapng: String?, megabytes: Int, tcpShare: Double, seed: UInt64) throws {
        _ = FileManager.default.createFile(atPath: pcap, contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: pcap))
        defer { try? out.close() }
        var outNg: FileHandle?
        if let ng = pcapng {
            _ = FileManager.default.createFile(atPath: ng, contents: nil)
            outNg = try FileHandle(forWritingTo: URL(fileURLWithPath: ng))
        }
        defer { try? outNg?.close() }
        var buf: [UInt8] = []
        var bufNg: [UInt8] = []
        buf.reserveCapacity(8 << 20)
        bufNg.reserveCapacity(8 << 20)
        func le32(_ v: UInt32, _ b: inout [UInt8]) {
            b.append(UInt8(v & 0xFF)); b.append(UInt8(v >> 8 & 0xFF)); b.append(UInt8(v >> 16 & 0xFF)); b.append(UInt8(v >> 24))
        }
        func le16(_ v: UInt16, _ b: inout [UInt8]) { b.append(UInt8(v & 0xFF)); b.append(UInt8(v >> 8)) }
        func be16(_ v: UInt16, _ b: inout [UInt8]) { b.append(UInt8(v >> 8)); b.append(UInt8(v & 0xFF)) }
        func be32(_ v: UInt32, _ b: inout [UInt8]) {
            b.append(UInt8(v >> 24)); b.append(UInt8(v >> 16 & 0xFF)); b.append(UInt8(v >> 8 & 0xFF)); b.append(UInt8(v & 0xFF))
        }
        // File headers.
        le32(0xA1B2_C3D4, &buf); le16(2, &buf); le16(4, &buf); le32(0, &buf); le32(0, &buf); le32(262_144, &buf); le32(1, &buf)
        if outNg != nil {
            le32(0x0A0D_0D0A, &bufNg); le32(28, &bufNg); le32(0x1A2B_3C4D, &bufNg); le16(1, &bufNg); le16(0, &bufNg)
            bufNg += [UInt8](repeating: 0xFF, count: 8); le32(28, &bufNg)
            le32(1, &bufNg); le32(20, &bufNg); le16(1, &bufNg); le16(0, &bufNg); le32(262_144, &bufNg); le32(20, &bufNg)
        }
        let filler = [UInt8]((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        var rng = Generator(state: seed)
        var frame = [UInt8]()
        frame.reserveCapacity(2048)
        var written = 0
        let limit = megabytes << 20
        var time: UInt64 = 1_700_000_000 * 1_000_000
        var conversations: [Conversation] = []
        var nextPort: UInt16 = 1024
        func newConversation() -> Conversation {
            nextPort = nextPort == 65535 ? 1024 : nextPort + 1
            var c = Conversation(clientPort: nextPort, server: 0x0A00_0001 + UInt32(rng.below(16)),
                                 client: 0x0A01_0000 + UInt32(rng.below(4096)), clientSeq: UInt32(truncatingIfNeeded: rng.next()),
                                 serverSeq: UInt32(truncatingIfNeeded: rng.next()), exchangesLeft: 1 + rng.below(8))
            c.queue = [(true, 0x02, 0), (false, 0x12, 0)]
            return c
        }
        for _ in 0..<2000 where tcpShare > 0 { conversations.append(newConversation()) }

        func emit(src: UInt32, dst: UInt32, proto: UInt8, sport: UInt16, dport: UInt16, seq: UInt32, flags: UInt8, length: Int) {
            frame.removeAll(keepingCapacity: true)
            frame += [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00]
            let l4 = proto == 6 ? 20 : 8
            frame += [0x45, 0]; be16(UInt16(20 + l4 + length), &frame); frame += [0, 1, 0x40, 0, 64, proto, 0, 0]
            be32(src, &frame); be32(dst, &frame)
            be16(sport, &frame); be16(dport, &frame)
            if proto == 6 {
                be32(seq, &frame); be32(0, &frame); frame += [0x50, flags]; be16(65535, &frame); frame += [0, 0, 0, 0]
            } else {
                be16(UInt16(8 + length), &frame); frame += [0, 0]
            }
            frame += filler[0..<length]
            time += UInt64(1 + rng.below(50))
            le32(UInt32(time / 1_000_000), &buf); le32(UInt32(time % 1_000_000), &buf)
            le32(UInt32(frame.count), &buf); le32(UInt32(frame.count), &buf)
            buf += frame
            if outNg != nil {
                let padded = (frame.count + 3) & ~3
                let total = UInt32(32 + padded)
                le32(6, &bufNg); le32(total, &bufNg); le32(0, &bufNg)
                le32(UInt32(time >> 32), &bufNg); le32(UInt32(time & 0xFFFF_FFFF), &bufNg)
                le32(UInt32(frame.count), &bufNg); le32(UInt32(frame.count), &bufNg)
                bufNg += frame
                bufNg += [UInt8](repeating: 0, count: padded - frame.count)
                le32(total, &bufNg)
            }
            written += 16 + frame.count
        }

        while written < limit {
            if tcpShare > 0 && Double(rng.below(1000)) < tcpShare * 1000 {
                let i = rng.below(conversations.count)
                var c = conversations[i]
                if c.queue.isEmpty {
                    if c.exchangesLeft == 0 {
                        c.queue = [(true, 0x11, 0), (false, 0x11, 0)]
                        c.exchangesLeft = -1
                    } else if c.exchangesLeft < 0 {
                        conversations[i] = newConversation()
                        continue
                    } else {
                        c.exchangesLeft -= 1
                        for _ in 0..<(1 + rng.below(3)) { c.queue.append((true, 0x18, 40 + rng.below(1400))) }
                        for _ in 0..<(1 + rng.below(4)) { c.queue.append((false, 0x18, 40 + rng.below(1400))) }
                    }
                }
                var (fromClient, flags, length) = c.queue.removeFirst()
                let roll = rng.below(100)
                var seq = fromClient ? c.clientSeq : c.serverSeq
                if length > 0 && roll == 0, let nextIndex = c.queue.firstIndex(where: { $0.0 == fromClient && $0.2 > 0 }),
                   nextIndex == 0 {
                    // Reorder: send the following segment of the same direction first.
                    let (_, f2, l2) = c.queue.removeFirst()
                    emit(src: fromClient ? c.client : c.server, dst: fromClient ? c.server : c.client, proto: 6,
                         sport: fromClient ? c.clientPort : 80, dport: fromClient ? 80 : c.clientPort,
                         seq: seq &+ UInt32(length), flags: f2, length: l2)
                    emit(src: fromClient ? c.client : c.server, dst: fromClient ? c.server : c.client, proto: 6,
                         sport: fromClient ? c.clientPort : 80, dport: fromClient ? 80 : c.clientPort,
                         seq: seq, flags: flags, length: length)
                    seq = seq &+ UInt32(length + l2)
                    length = 0
                    flags = 0
                } else {
                    emit(src: fromClient ? c.client : c.server, dst: fromClient ? c.server : c.client, proto: 6,
                         sport: fromClient ? c.clientPort : 80, dport: fromClient ? 80 : c.clientPort,
                         seq: seq, flags: flags, length: length)
                    if length > 0 && roll == 1 { // retransmission
                        emit(src: fromClient ? c.client : c.server, dst: fromClient ? c.server : c.client, proto: 6,
                             sport: fromClient ? c.clientPort : 80, dport: fromClient ? 80 : c.clientPort,
                             seq: seq, flags: flags, length: length)
                    }
                    seq = seq &+ UInt32(length) &+ (flags & 0x03 != 0 ? 1 : 0)
                }
                if fromClient { c.clientSeq = seq } else { c.serverSeq = seq }
                conversations[i] = c
            } else {
                let port = UInt16(2000 + rng.below(1000))
                let request = rng.below(2) == 0
                emit(src: request ? 0x0A02_0000 + UInt32(port) : 0x0A00_00FE, dst: request ? 0x0A00_00FE : 0x0A02_0000 + UInt32(port),
                     proto: 17, sport: request ? port : 5000, dport: request ? 5000 : port, seq: 0, flags: 0,
                     length: 20 + rng.below(1200))
            }
            if buf.count >= 8 << 20 {
                try out.write(contentsOf: buf); buf.removeAll(keepingCapacity: true)
                if let ng = outNg { try ng.write(contentsOf: bufNg); bufNg.removeAll(keepingCapacity: true) }
            }
        }
        try out.write(contentsOf: buf)
        if let ng = outNg { try ng.write(contentsOf: bufNg) }
    }
}
