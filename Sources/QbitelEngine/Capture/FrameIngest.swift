/// Turns the frames of one capture file into a `Capture`: decoding, IPv4 reassembly, messages and the file's counts.
///
/// Most frames of a large capture are unfragmented IPv4 UDP or TCP over Ethernet or raw IP. Those are decoded right
/// here, with the same checks `PacketDecoder` makes, and go straight to the assembler; every other frame (VLAN tags,
/// IPv6, fragments, tunnels, anything malformed) takes the general path through `PacketDecoder`, so what a frame
/// yields, warnings included, does not depend on which path read it.
struct FrameIngest: FrameSink {
    /// The whole file; frames are ranges of it.
    private let bytes: ByteSlice
    /// Where the file's bytes start, and the storage that payload slices are cut from (kept alive by `bytes`).
    private let base: UnsafeRawPointer
    private unowned(unsafe) let storage: ByteStorage
    private let decoder = PacketDecoder()
    private var assembler: MessageAssembler
    private var reassembler = IPv4Reassembler()
    private var warnings: [CaptureWarning] = []
    private var linkTypes: [UInt32] = []
    /// The link type of the previous frame, already in `linkTypes` (frames of one file mostly share it).
    private var lastLinkType: UInt32?
    private var unknownLinks: [UInt32: Int] = [:]
    private var frames = 0
    private var first: Timestamp?
    private var last: Timestamp?
    private var malformedCount = 0

    init(bytes: ByteSlice, options: CaptureOptions) {
        self.bytes = bytes
        base = bytes.storage.base + bytes.start
        storage = bytes.storage
        let byteCount = bytes.count
        // Frames average several hundred bytes in real captures; reserving for one message per 512 bytes avoids
        // regrowing the message list without reserving much for captures of small frames.
        assembler = MessageAssembler(options: options, expectedMessages: byteCount / 512)
    }

    @inline(__always)
    mutating func frame(number: Int, timestamp: Timestamp, linkType: UInt32, start: Int, count: Int,
                        originalLength: Int, fileOffset: Int) {
        frames = number
        if first == nil { first = timestamp }
        last = timestamp
        if linkType != lastLinkType { note(linkType) }
        if decodeIPv4(number: number, timestamp: timestamp, linkType: linkType, start: start, count: count) { return }
        decode(RawFrame(number: number, timestamp: timestamp, linkType: linkType, data: bytes[start..<(start + count)],
                        originalLength: originalLength, fileOffset: fileOffset))
    }

    private mutating func note(_ linkType: UInt32) {
        lastLinkType = linkType
        if !linkTypes.contains(linkType) { linkTypes.append(linkType) }
    }

    /// The fast path: an unfragmented IPv4 UDP or TCP packet over Ethernet (no VLAN tag) or raw IP whose headers pass
    /// every check of `PacketDecoder`. Returns false, having done nothing, for any other frame.
    @inline(__always)
    private mutating func decodeIPv4(number: Int, timestamp: Timestamp, linkType: UInt32, start: Int, count: Int) -> Bool {
        let p = base + start
        let at = bytes.start + start
        @inline(__always) func u16(_ o: Int) -> UInt16 { UInt16(bigEndian: p.loadUnaligned(fromByteOffset: o, as: UInt16.self)) }
        @inline(__always) func u32(_ o: Int) -> UInt32 { UInt32(bigEndian: p.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        let lo: Int
        switch linkType {
        case 1:
            guard count >= 34, u16(12) == 0x0800 else { return false }
            lo = 14
        case 228, 101, 12, 14:
            guard count >= 20 else { return false }
            lo = 0
        default:
            return false
        }
        let n = count - lo
        let b0 = p.load(fromByteOffset: lo, as: UInt8.self)
        let ihl = Int(b0 & 0x0F) * 4
        let flagsFrag = u16(lo + 6)
        // Version 4, a header length the frame holds, neither more fragments nor a fragment offset.
        guard b0 >> 4 == 4, ihl >= 20, ihl <= n, flagsFrag & 0x3FFF == 0 else { return false }
        let total = Int(u16(lo + 2))
        let end = total >= ihl ? lo + Swift.min(total, n) : count
        let proto = p.load(fromByteOffset: lo + 9, as: UInt8.self)
        let l4 = lo + ihl
        let n4 = end - l4
        if proto == 17 {
            guard n4 >= 8 else { return false }
            let ulen = Int(u16(l4 + 4))
            let payloadEnd: Int
            if ulen >= 8 { payloadEnd = l4 + Swift.min(ulen, n4) } else if ulen == 0 { payloadEnd = end } else { return false }
            assembler.addDatagram(source: IPAddress(ipv4: u32(lo + 12)), sourcePort: u16(l4),
                                  destination: IPAddress(ipv4: u32(lo + 16)), destinationPort: u16(l4 + 2),
                                  payload: ByteSlice(storage: storage, start: at + l4 + 8, count: payloadEnd - l4 - 8),
                                  frame: number, timestamp: timestamp)
            return true
        }
        guard proto == 6, n4 >= 20 else { return false }
        let off = Int(p.load(fromByteOffset: l4 + 12, as: UInt8.self) >> 4) * 4
        guard off >= 20, off <= n4 else { return false }
        assembler.add(DecodedPacket(transport: .tcp, source: IPAddress(ipv4: u32(lo + 12)),
                                    destination: IPAddress(ipv4: u32(lo + 16)), sourcePort: u16(l4),
                                    destinationPort: u16(l4 + 2),
                                    payload: ByteSlice(storage: storage, start: at + l4 + off, count: end - l4 - off),
                                    sequence: u32(l4 + 4), tcpFlags: p.load(fromByteOffset: l4 + 13, as: UInt8.self)),
                      frame: number, timestamp: timestamp)
        return true
    }

    /// The general path: any link type and network layer, fragments, warnings.
    private mutating func decode(_ frame: RawFrame) {
        switch decoder.decode(frame) {
        case .packet(let p):
            assembler.add(p, frame: frame.number, timestamp: frame.timestamp)
        case .fragment(let f):
            if let (datagram, _) = reassembler.add(f, frame: frame.number, warnings: &warnings) {
                let fake = RawFrame(number: frame.number, timestamp: frame.timestamp, linkType: frame.linkType,
                                    data: datagram, originalLength: datagram.count, fileOffset: frame.fileOffset)
                if case .packet(let p) = decoder.transport(f.protocol, f.source, f.destination, datagram, fake) {
                    assembler.add(p, frame: frame.number, timestamp: frame.timestamp)
                }
            }
        case .notTransport:
            break
        case .unknownLinkType(let t):
            unknownLinks[t, default: 0] += 1
        case .malformed(let w):
            malformedCount += 1
            if malformedCount <= 100 { warnings.append(w) }
        }
    }

    /// Closes flows, adds the summary warnings and returns the capture.
    mutating func finish(name: String, format: Capture.Format, byteCount: Int, options: CaptureOptions) -> Capture {
        for (t, n) in unknownLinks.sorted(by: { $0.key < $1.key }) {
            warnings.append(CaptureWarning(.unknownLinkType, "skipped \(n) frame(s) of unknown link type \(t)"))
        }
        if malformedCount > 100 {
            warnings.append(CaptureWarning(.malformedPacket, "\(malformedCount - 100) more malformed frames not listed"))
        }
        if reassembler.incompleteCount > 0 {
            warnings.append(CaptureWarning(.incompleteFragments,
                                           "\(reassembler.incompleteCount) fragmented IPv4 datagram(s) never completed"))
        }
        let (messages, flows) = assembler.finish(warnings: &warnings)
        return Capture(name: name, format: format, frameCount: frames, linkTypes: linkTypes, messages: messages,
                       flows: flows, warnings: warnings, firstTimestamp: first, lastTimestamp: last,
                       byteCount: byteCount, messageUnit: options.messageUnit)
    }
}
