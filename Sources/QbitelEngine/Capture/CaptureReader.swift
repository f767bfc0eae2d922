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
            var ingest = FrameIngest(bytes: bytes, options: options)
            try PcapFileReader(bytes).read(into: &ingest)
            return ingest.finish(name: name, format: .pcap, byteCount: bytes.count, options: options)
        }
        if PcapngFileReader.matches(bytes) {
            var ingest = FrameIngest(bytes: bytes, options: options)
            try PcapngFileReader(bytes).read(into: &ingest)
            return ingest.finish(name: name, format: .pcapng, byteCount: bytes.count, options: options)
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
}
