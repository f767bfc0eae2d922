/// Turns decoded packets into flows and messages, deciding each flow's client side.
///
/// The client is the sender of a TCP SYN without ACK; failing that the side with the higher port (servers listen on
/// the lower one); with equal ports, the side that spoke first.
///
/// TCP directions always run through a `TCPStreamReassembler`, so gaps are found in both message units. In segment
/// mode every segment payload stays one message (nothing deduplicated, counts equal tshark's); in stream mode the
/// reassembled bytes are cut into runs of one direction. Reassembly state is dropped when a flow ends (RST, or FIN
/// both ways), so memory follows the live flows.
struct MessageAssembler {
    /// A run of same-direction stream bytes being collected (stream mode). Each TCP flow keeps one in place, open or
    /// not, so the per-segment checks read it without copying it and the piece list's buffer serves chunk after
    /// chunk until the flow ends.
    private struct Chunk {
        /// The first segment's bytes; nil while no chunk is open.
        var first: ByteSlice?
        var more: [ByteSlice] = []
        var fromFirst = false
        var total = 0
        /// The message slot reserved when the chunk began, so messages stay in order of their first byte.
        var slot = 0
    }

    private struct Endpoint: Hashable { var address: IPAddress; var port: UInt16 }

    /// A multiply-xorshift mix of one endpoint's packed address and port.
    @inline(__always) private static func endpointHash(_ e: Endpoint) -> UInt64 {
        let (h, l) = e.address.words
        var x = h &* 0x9E37_79B9_7F4A_7C15 ^ l
        x = (x ^ (x >> 29)) &* 0xBF58_476D_1CE4_E5B9 ^ UInt64(e.port)
        x = (x ^ (x >> 32)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 29)
    }

    /// The same for both directions of a flow (the endpoint hashes are added), cheap, and good enough for linear
    /// probing.
    @inline(__always) private static func flowHash(_ t: Transport, _ a: Endpoint, _ b: Endpoint) -> UInt64 {
        var h = (endpointHash(a) &+ endpointHash(b)) ^ (t == .tcp ? 0x5555_5555_5555_5555 : 0)
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }

    /// What every packet of a flow reads and counts. Plain values only (no arrays, no references), so the per-packet
    /// path never retains or copies reassembly state.
    private struct FlowState {
        var first: Endpoint
        var second: Endpoint
        var transport: Transport
        var synFromFirst: Bool?
        /// The client side guessed when the flow was first seen; messages carry it until `finish` decides.
        var provisionalFirstIsClient: Bool
        var key: FlowKey
        var firstMessages = 0
        var firstBytes = 0
        var secondMessages = 0
        var secondBytes = 0
        var finFromFirst = false
        var finFromSecond = false
        var gaps = 0
    }

    /// A TCP flow's reassembly state, kept beside `flows` (same index) so that UDP and header-only work stay off it.
    private struct FlowStreams {
        var streamFromFirst = TCPStreamReassembler()
        var streamFromSecond = TCPStreamReassembler()
        var chunk = Chunk()

        mutating func syn(_ fromFirst: Bool, sequence: UInt32) -> Bool {
            fromFirst ? streamFromFirst.syn(sequence: sequence) : streamFromSecond.syn(sequence: sequence)
        }

        mutating func place(_ fromFirst: Bool, sequence: UInt32, count: Int) -> TCPStreamReassembler.Placement {
            fromFirst ? streamFromFirst.place(sequence: sequence, count: count)
                : streamFromSecond.place(sequence: sequence, count: count)
        }
    }

    /// Stream chunks are split at this size so one bulk transfer cannot become one giant copy.
    static let maxStreamChunk = 16 * 1024 * 1024
    /// Gap warnings listed one by one; the rest are counted in one summary warning.
    static let maxGapWarnings = 100

    let unit: CaptureOptions.MessageUnit
    private var flowIndexByKey = FlowTable()
    private var flows: [FlowState] = []
    private var streams: [FlowStreams] = []
    private var messages: [Message] = []
    private var prefault = PagePrefault()
    private var arena = ChunkArena()
    private var gapWarnings: [CaptureWarning] = []
    private var gapCount = 0

    /// `expectedMessages` sizes the message list once, so a large capture does not regrow and copy it repeatedly.
    init(options: CaptureOptions = CaptureOptions(), expectedMessages: Int = 0) {
        unit = options.messageUnit
        messages.reserveCapacity(expectedMessages)
    }

    /// Adds a decoded packet: finds (or starts) its flow, then a UDP datagram's message or the TCP work.
    mutating func add(_ p: DecodedPacket, frame: Int, timestamp: Timestamp) {
        let s = Endpoint(address: p.source, port: p.sourcePort)
        let d = Endpoint(address: p.destination, port: p.destinationPort)
        let (idx, fromFirst) = flow(p.transport, s, d, isSyn: p.isSyn)
        guard p.transport == .tcp else {
            if p.payload.count > 0 { append(idx, fromFirst, frame, timestamp, p.payload, hasGap: false) }
            return
        }
        addTCP(p, idx, fromFirst, frame: frame, timestamp: timestamp)
    }

    /// The same as `add` for a UDP datagram, inlined into the readers' frame loop: no packet value, and the payload
    /// slice is handed over (not copied) into the message.
    @inline(__always)
    mutating func addDatagram(source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16,
                              payload: consuming ByteSlice, frame: Int, timestamp: Timestamp) {
        let s = Endpoint(address: source, port: sourcePort)
        let d = Endpoint(address: destination, port: destinationPort)
        let (idx, fromFirst) = flow(.udp, s, d, isSyn: false)
        if payload.count > 0 { append(idx, fromFirst, frame, timestamp, payload, hasGap: false) }
    }

    /// The flow of a packet from `s` to `d` (created when new) and whether `s` is its first side.
    @inline(__always)
    private mutating func flow(_ transport: Transport, _ s: Endpoint, _ d: Endpoint, isSyn: Bool) -> (Int, Bool) {
        let hash = Self.flowHash(transport, s, d)
        let found = flows.withUnsafeBufferPointer { f in
            flowIndexByKey.find(hash: hash) { i in
                f[i].transport == transport && ((f[i].first == s && f[i].second == d) || (f[i].first == d && f[i].second == s))
            }
        }
        let idx: Int
        if let found { idx = found } else { idx = newFlow(transport, s, d, isSyn: isSyn, hash: hash) }
        return (idx, flows.withUnsafeBufferPointer { $0[idx].first == s })
    }

    private mutating func newFlow(_ transport: Transport, _ s: Endpoint, _ d: Endpoint, isSyn: Bool, hash: UInt64) -> Int {
        let idx = flows.count
        flowIndexByKey.insert(hash: hash, value: idx, rehash: { i in
            Self.flowHash(flows[i].transport, flows[i].first, flows[i].second)
        })
        let firstClient = Self.firstIsClient(synFromFirst: isSyn ? true : nil, first: s, second: d)
        flows.append(FlowState(first: s, second: d, transport: transport, provisionalFirstIsClient: firstClient,
                               key: Self.key(transport, s, d, firstIsClient: firstClient)))
        streams.append(FlowStreams())
        return idx
    }

    @inline(never)
    private mutating func addTCP(_ p: DecodedPacket, _ idx: Int, _ fromFirst: Bool, frame: Int, timestamp: Timestamp) {
        // The packet's fields as locals: reading them off `p` around the mutating calls below copied the whole
        // packet (and retained its payload) several times per segment.
        let payload = p.payload, sequence = p.sequence
        let isSyn = p.isSyn, hasSynFlag = p.hasSynFlag, isFin = p.isFin, isRst = p.isRst
        if isSyn, flows[idx].synFromFirst == nil {
            flows[idx].synFromFirst = fromFirst
        }
        let messageIndex = messages.count
        if unit == .segment, payload.count > 0 {
            append(idx, fromFirst, frame, timestamp, payload, hasGap: false)
        }
        if hasSynFlag, !streams[idx].syn(fromFirst, sequence: sequence) {
            // A new connection reusing the ports: finish the old one and start both directions afresh.
            closeFlow(idx)
            streams[idx].streamFromFirst = TCPStreamReassembler()
            streams[idx].streamFromSecond = TCPStreamReassembler()
            flows[idx].finFromFirst = false
            flows[idx].finFromSecond = false
            _ = streams[idx].syn(fromFirst, sequence: sequence)
        }
        if payload.count > 0 {
            let seq = hasSynFlag ? sequence &+ 1 : sequence
            // The common cases are decided in place; only a segment that waits or fills a hole takes the
            // reassembler out of the flow list to run the general path with its callbacks.
            switch streams[idx].place(fromFirst, sequence: seq, count: payload.count) {
            case .duplicate:
                break
            case .inOrder(let skip, let drain):
                if unit == .streamChunk {
                    deliver(payload[skip..<payload.count], frame: frame, timestamp: timestamp, flow: idx,
                            fromFirst: fromFirst)
                }
                if drain {
                    var stream = takeStream(idx, fromFirst)
                    stream.drain { self.deliver($0, flow: idx, fromFirst: fromFirst) }
                    putStream(stream, idx, fromFirst)
                }
            case .outOfOrder:
                var stream = takeStream(idx, fromFirst)
                stream.add(sequence: seq, data: payload, frame: frame, timestamp: timestamp,
                           messageIndex: messageIndex) { self.deliver($0, flow: idx, fromFirst: fromFirst) }
                putStream(stream, idx, fromFirst)
            }
        }
        if isFin {
            if fromFirst { flows[idx].finFromFirst = true } else { flows[idx].finFromSecond = true }
        }
        if isRst || (flows[idx].finFromFirst && flows[idx].finFromSecond) {
            closeFlow(idx)
        }
    }

    /// Segments and open chunks held for flows that have not ended: what reassembly costs in memory right now.
    var heldSegments: Int {
        streams.reduce(0) {
            $0 + $1.streamFromFirst.waitingCount + $1.streamFromSecond.waitingCount
                + ($1.chunk.first == nil ? 0 : 1 + $1.chunk.more.count)
        }
    }

    /// Adds a message with the flow's provisional direction and counts it.
    @inline(__always)
    private mutating func append(_ idx: Int, _ fromFirst: Bool, _ frame: Int, _ timestamp: Timestamp,
                                 _ payload: consuming ByteSlice, hasGap: Bool) {
        prefault.prepare(&messages)
        let count = payload.count
        let (key, firstIsClient) = flows.withUnsafeMutableBufferPointer { f in
            if fromFirst {
                f[idx].firstMessages += 1
                f[idx].firstBytes += count
            } else {
                f[idx].secondMessages += 1
                f[idx].secondBytes += count
            }
            return (f[idx].key, f[idx].provisionalFirstIsClient)
        }
        let dir: Direction = fromFirst == firstIsClient ? .clientToServer : .serverToClient
        messages.append(Message(index: messages.count, frame: frame, timestamp: timestamp, flow: key, flowIndex: idx,
                                direction: dir, payload: payload, hasGap: hasGap))
    }

    private static func firstIsClient(synFromFirst: Bool?, first: Endpoint, second: Endpoint) -> Bool {
        if let syn = synFromFirst { return syn }
        if first.port != second.port { return first.port > second.port }
        return true
    }

    private static func key(_ t: Transport, _ first: Endpoint, _ second: Endpoint, firstIsClient: Bool) -> FlowKey {
        let (c, s) = firstIsClient ? (first, second) : (second, first)
        return FlowKey(transport: t, clientAddress: c.address, clientPort: c.port, serverAddress: s.address,
                       serverPort: s.port)
    }

    /// Moves one direction's reassembler out of `flows` so it can call back into `self` without a conflicting access.
    private mutating func takeStream(_ idx: Int, _ fromFirst: Bool) -> TCPStreamReassembler {
        let s: TCPStreamReassembler
        if fromFirst {
            s = streams[idx].streamFromFirst
            streams[idx].streamFromFirst = TCPStreamReassembler()
        } else {
            s = streams[idx].streamFromSecond
            streams[idx].streamFromSecond = TCPStreamReassembler()
        }
        return s
    }

    private mutating func putStream(_ s: TCPStreamReassembler, _ idx: Int, _ fromFirst: Bool) {
        if fromFirst { streams[idx].streamFromFirst = s } else { streams[idx].streamFromSecond = s }
    }

    /// Flushes both directions (waiting segments become gaps) and emits the open chunk; sequence state stays so late
    /// retransmissions are still recognised.
    private mutating func closeFlow(_ idx: Int) {
        if !streams[idx].streamFromFirst.isEmpty { flush(idx, fromFirst: true) }
        if !streams[idx].streamFromSecond.isEmpty { flush(idx, fromFirst: false) }
        emitChunk(idx)
        streams[idx].chunk.more = []
    }

    private mutating func flush(_ idx: Int, fromFirst: Bool) {
        var s = takeStream(idx, fromFirst)
        s.flush { self.deliver($0, flow: idx, fromFirst: fromFirst) }
        putStream(s, idx, fromFirst)
    }

    private mutating func deliver(_ d: TCPStreamReassembler.Delivery, flow idx: Int, fromFirst: Bool) {
        let gap = d.missingBefore > 0
        if gap {
            gapCount += 1
            flows[idx].gaps += 1
            if gapWarnings.count < Self.maxGapWarnings {
                gapWarnings.append(CaptureWarning(.tcpGap, "TCP stream misses \(d.missingBefore) byte(s) before this frame",
                                                  frame: d.frame))
            }
            if unit == .segment, d.messageIndex < messages.count { messages[d.messageIndex].hasGap = true }
        }
        guard unit == .streamChunk else { return }
        deliver(d.data, frame: d.frame, timestamp: d.timestamp, flow: idx, fromFirst: fromFirst, gap: gap)
    }

    /// Stream mode: adds a run of new stream bytes to the flow's open chunk, or starts a chunk (and its message).
    private mutating func deliver(_ data: ByteSlice, frame: Int, timestamp: Timestamp, flow idx: Int, fromFirst: Bool,
                                  gap: Bool = false) {
        if streams[idx].chunk.first != nil, streams[idx].chunk.fromFirst != fromFirst || gap
            || streams[idx].chunk.total + data.count > Self.maxStreamChunk {
            emitChunk(idx)
        }
        if streams[idx].chunk.first == nil {
            let slot = messages.count
            append(idx, fromFirst, frame, timestamp, data, hasGap: gap)
            streams[idx].chunk.first = data
            streams[idx].chunk.fromFirst = fromFirst
            streams[idx].chunk.total = data.count
            streams[idx].chunk.slot = slot
        } else {
            streams[idx].chunk.more.append(data)
            streams[idx].chunk.total += data.count
        }
    }

    /// Closes the open chunk: its reserved message keeps the single segment's slice (zero-copy) or gets one owned
    /// copy of all its segments.
    private mutating func emitChunk(_ idx: Int) {
        guard let first = streams[idx].chunk.first.take(), !streams[idx].chunk.more.isEmpty else { return }
        let total = streams[idx].chunk.total
        messages[streams[idx].chunk.slot].payload = arena.copy(first, streams[idx].chunk.more, total: total)
        streams[idx].chunk.more.removeAll(keepingCapacity: true)
        let extra = total - first.count
        if streams[idx].chunk.fromFirst { flows[idx].firstBytes += extra } else { flows[idx].secondBytes += extra }
    }

    /// Flushes every flow, resolves directions and returns messages (in frame order) and per-flow summaries.
    mutating func finish(warnings: inout [CaptureWarning]) -> ([Message], [FlowSummary]) {
        for idx in flows.indices where flows[idx].transport == .tcp { closeFlow(idx) }
        warnings += gapWarnings
        if gapCount > gapWarnings.count {
            warnings.append(CaptureWarning(.tcpGap, "\(gapCount - gapWarnings.count) more TCP gaps not listed"))
        }
        if unit == .streamChunk {
            // Slots are reserved as chunks begin, which is frame order except for segments that waited behind a
            // gap and were delivered late; only then is a sort needed.
            // Compared by index: zipping the list with itself copied (and retained) every message twice.
            var ordered = true
            for i in messages.indices.dropFirst() where messages[i - 1].frame > messages[i].frame {
                ordered = false
                break
            }
            if !ordered {
                messages.sort { ($0.frame, $0.index) < ($1.frame, $1.index) }
                for i in messages.indices { messages[i].index = i }
            }
        }
        var summaries: [FlowSummary] = []
        summaries.reserveCapacity(flows.count)
        var flipped = [Bool](repeating: false, count: flows.count)
        for (i, f) in flows.enumerated() {
            let firstClient = Self.firstIsClient(synFromFirst: f.synFromFirst, first: f.first, second: f.second)
            if firstClient != f.provisionalFirstIsClient {
                flipped[i] = true
                flows[i].key = Self.key(f.transport, f.first, f.second, firstIsClient: firstClient)
            }
            var sum = FlowSummary(key: flows[i].key)
            sum.clientToServerMessages = firstClient ? f.firstMessages : f.secondMessages
            sum.clientToServerBytes = firstClient ? f.firstBytes : f.secondBytes
            sum.serverToClientMessages = firstClient ? f.secondMessages : f.firstMessages
            sum.serverToClientBytes = firstClient ? f.secondBytes : f.firstBytes
            sum.gaps = f.gaps
            summaries.append(sum)
        }
        if flipped.contains(true) {
            // A SYN seen after the flow began decided the other side is the client.
            for i in messages.indices where flipped[messages[i].flowIndex] {
                messages[i].flow = flows[messages[i].flowIndex].key
                messages[i].direction = messages[i].direction.reversed
            }
        }
        let messages = self.messages
        self.messages = []
        return (messages, summaries)
    }
}
