/// Reads a capture of any supported format into messages.
///
/// Format is decided by content, never by file name (a pcapng named `.pcap` is common).
public enum CaptureReader {
    /// Maps `path` and reads it. A directory is read by `MessageFolderReader` as one message per file.
    public static func read(path: String, options: CaptureOptions = CaptureOptions()) throws -> Capture {
        if MappedFile.isDirectory(path) { return try MessageFolderReader.read(path: path) }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let storage = try MappedFile.map(path)
        return try read(storage.whole, name: name, options: options)
    }

    /// Reads a capture held in memory: pcap, pcapng, or else a text hex dump.
    public static func read(_ bytes: ByteSlice, name: String, options: CaptureOptions = CaptureOptions()) throws -> Capture {
        guard bytes.count > 0 else { throw QbitelError(.emptyInput, "\(name) is empty", offset: 0) }
        if PcapFileReader.matches(bytes) {
            let r = try PcapFileReader(bytes)
            return try decodeFrames(name: name, format: .pcap, byteCount: bytes.count, options: options) { try r.forEachFrame($0) }
        }
        if PcapngFileReader.matches(bytes) {
            let r = try PcapngFileReader(bytes)
            return try decodeFrames(name: name, format: .pcapng, byteCount: bytes.count, options: options) { try r.forEachFrame($0) }
        }
        if HexDumpReader.detect(bytes) != nil {
            let messages = try HexDumpReader(bytes).readMessages()
            guard !messages.isEmpty else { throw QbitelError(.noMessages, "\(name) is a hex dump without bytes") }
            return capture(ofMessages: messages, name: name, format: .hexdump, byteCount: bytes.count, warnings: [])
        }
        throw QbitelError(.unknownFormat, "\(name) is not a pcap, pcapng, hex dump or message folder", offset: 0)
    }

    /// A capture of messages that came without a network (hex dumps, message folders): one pseudo flow, each message
    /// its own frame, all client to server.
    static func capture(ofMessages payloads: [ByteSlice], name: String, format: Capture.Format, byteCount: Int,
                        warnings: [CaptureWarning]) -> Capture {
        let key = FlowKey.pseudo()
        var summary = FlowSummary(key: key)
        var messages: [Message] = []
        messages.reserveCapacity(payloads.count)
        for (i, p) in payloads.enumerated() {
            messages.append(Message(index: i, frame: i + 1, timestamp: .zero, flow: key, flowIndex: 0,
                                    direction: .clientToServer, payload: p))
            summary.clientToServerMessages += 1
            summary.clientToServerBytes += p.count
        }
        return Capture(name: name, format: format, frameCount: payloads.count, linkTypes: [], messages: messages,
                       flows: [summary], warnings: warnings, firstTimestamp: nil, lastTimestamp: nil,
                       byteCount: byteCount)
    }

    /// Runs frames through the decoder and the assembler.
    static func decodeFrames(name: String, format: Capture.Format, byteCount: Int, options: CaptureOptions,
                             _ iterate: ((RawFrame) throws -> Void) throws -> Void) throws -> Capture {
        let decoder = PacketDecoder()
        // Frames average several hundred bytes in real captures; reserving for one message per 512 bytes avoids regrowing
        // the message list without reserving much for captures of small frames.
        var assembler = MessageAssembler(options: options, expectedMessages: byteCount / 512)
        var reassembler = IPv4Reassembler()
        var warnings: [CaptureWarning] = []
        var linkTypes: [UInt32] = []
        var unknownLinks: [UInt32: Int] = [:]
        var frames = 0
        var first: Timestamp?
        var last: Timestamp?
        var malformedCount = 0
        try iterate { frame in
            frames = frame.number
            if first == nil { first = frame.timestamp }
            last = frame.timestamp
            if !linkTypes.contains(frame.linkType) { linkTypes.append(frame.linkType) }
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
