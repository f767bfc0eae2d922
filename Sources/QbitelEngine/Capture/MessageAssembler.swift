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
    private struct Record {
        var frame: Int
        var timestamp: Timestamp
        var flowIndex: Int
        /// True when the packet's source is the flow's first-seen endpoint.
        var fromFirst: Bool
        var payload: ByteSlice
        var hasGap: Bool
    }

    /// A run of same-direction stream bytes being collected (stream mode).
    private struct Chunk {
        var fromFirst: Bool
        var first: ByteSlice
        var more: [ByteSlice] = []
        var total: Int
        var frame: Int
        var timestamp: Timestamp
        var hasGap: Bool
    }

    private struct Endpoint: Hashable { var address: IPAddress; var port: UInt16 }
    private struct CanonicalKey: Hashable { var transport: Transport; var a: Endpoint; var b: Endpoint }
    private struct FlowState {
        var first: Endpoint
        var second: Endpoint
        var transport: Transport
        var synFromFirst: Bool?
        var streamFromFirst = TCPStreamReassembler()
        var streamFromSecond = TCPStreamReassembler()
        var finFromFirst = false
        var finFromSecond = false
        var chunk: Chunk?
        var gaps = 0
    }

    /// Stream chunks are split at this size so one bulk transfer cannot become one giant copy.
    static let maxStreamChunk = 16 * 1024 * 1024
    /// Gap warnings listed one by one; the rest are counted in one summary warning.
    static let maxGapWarnings = 100

    let unit: CaptureOptions.MessageUnit
    private var flowIndexByKey: [CanonicalKey: Int] = [:]
    private var flows: [FlowState] = []
    private var records: [Record] = []
    private var gapWarnings: [CaptureWarning] = []
    private var gapCount = 0

    init(options: CaptureOptions = CaptureOptions()) {
        unit = options.messageUnit
    }

    mutating func add(_ p: DecodedPacket, frame: Int, timestamp: Timestamp) {
        let s = Endpoint(address: p.source, port: p.sourcePort)
        let d = Endpoint(address: p.destination, port: p.destinationPort)
        let ordered = (s.address, s.port) < (d.address, d.port) ? (s, d) : (d, s)
        let key = CanonicalKey(transport: p.transport, a: ordered.0, b: ordered.1)
        let idx: Int
        if let i = flowIndexByKey[key] {
            idx = i
        } else {
            idx = flows.count
            flowIndexByKey[key] = idx
            flows.append(FlowState(first: s, second: d, transport: p.transport))
        }
        let fromFirst = flows[idx].first == s
        guard p.transport == .tcp else {
            if p.payload.count > 0 {
                records.append(Record(frame: frame, timestamp: timestamp, flowIndex: idx, fromFirst: fromFirst,
                                      payload: p.payload, hasGap: false))
            }
            return
        }
        if p.isSyn, flows[idx].synFromFirst == nil {
            flows[idx].synFromFirst = fromFirst
        }
        let messageIndex = records.count
        if unit == .segment, p.payload.count > 0 {
            records.append(Record(frame: frame, timestamp: timestamp, flowIndex: idx, fromFirst: fromFirst,
                                  payload: p.payload, hasGap: false))
        }
        var stream = takeStream(idx, fromFirst)
        if p.hasSynFlag, !stream.syn(sequence: p.sequence) {
            // A new connection reusing the ports: finish the old one and start both directions afresh.
            putStream(stream, idx, fromFirst)
            closeFlow(idx)
            flows[idx].streamFromFirst = TCPStreamReassembler()
            flows[idx].streamFromSecond = TCPStreamReassembler()
            flows[idx].finFromFirst = false
            flows[idx].finFromSecond = false
            stream = takeStream(idx, fromFirst)
            _ = stream.syn(sequence: p.sequence)
        }
        if p.payload.count > 0 {
            let seq = p.hasSynFlag ? p.sequence &+ 1 : p.sequence
            stream.add(sequence: seq, data: p.payload, frame: frame, timestamp: timestamp,
                       messageIndex: messageIndex) { self.deliver($0, flow: idx, fromFirst: fromFirst) }
        }
        putStream(stream, idx, fromFirst)
        if p.isFin {
            if fromFirst { flows[idx].finFromFirst = true } else { flows[idx].finFromSecond = true }
        }
        if p.isRst || (flows[idx].finFromFirst && flows[idx].finFromSecond) {
            closeFlow(idx)
        }
    }

    /// Moves one direction's reassembler out of `flows` so it can call back into `self` without a conflicting access.
    private mutating func takeStream(_ idx: Int, _ fromFirst: Bool) -> TCPStreamReassembler {
        let s: TCPStreamReassembler
        if fromFirst {
            s = flows[idx].streamFromFirst
            flows[idx].streamFromFirst = TCPStreamReassembler()
        } else {
            s = flows[idx].streamFromSecond
            flows[idx].streamFromSecond = TCPStreamReassembler()
        }
        return s
    }

    private mutating func putStream(_ s: TCPStreamReassembler, _ idx: Int, _ fromFirst: Bool) {
        if fromFirst { flows[idx].streamFromFirst = s } else { flows[idx].streamFromSecond = s }
    }

    /// Flushes both directions (waiting segments become gaps) and emits the open chunk; sequence state stays so late
    /// retransmissions are still recognised.
    private mutating func closeFlow(_ idx: Int) {
        for fromFirst in [true, false] {
            var s = takeStream(idx, fromFirst)
            if !s.isEmpty { s.flush { self.deliver($0, flow: idx, fromFirst: fromFirst) } }
            putStream(s, idx, fromFirst)
        }
        emitChunk(idx)
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
            if unit == .segment, d.messageIndex < records.count { records[d.messageIndex].hasGap = true }
        }
        guard unit == .streamChunk else { return }
        if let c = flows[idx].chunk,
           c.fromFirst != fromFirst || gap || c.total + d.data.count > Self.maxStreamChunk {
            emitChunk(idx)
        }
        if flows[idx].chunk == nil {
            flows[idx].chunk = Chunk(fromFirst: fromFirst, first: d.data, total: d.data.count, frame: d.frame,
                                     timestamp: d.timestamp, hasGap: gap)
        } else {
            flows[idx].chunk!.more.append(d.data)
            flows[idx].chunk!.total += d.data.count
        }
    }

    /// Turns the open chunk into a record: zero-copy when it is one segment, one owned copy otherwise.
    private mutating func emitChunk(_ idx: Int) {
        guard let c = flows[idx].chunk else { return }
        flows[idx].chunk = nil
        let payload: ByteSlice
        if c.more.isEmpty {
            payload = c.first
        } else {
            let storage = ByteStorage(count: c.total) { out in
                var o = 0
                for piece in CollectionOfOne(c.first) + c.more {
                    piece.withUnsafeBytes { src in
                        if let b = src.baseAddress { (out.baseAddress! + o).copyMemory(from: b, byteCount: src.count) }
                    }
                    o += piece.count
                }
            }
            payload = storage.whole
        }
        records.append(Record(frame: c.frame, timestamp: c.timestamp, flowIndex: idx, fromFirst: c.fromFirst,
                              payload: payload, hasGap: c.hasGap))
    }

    /// Flushes every flow, resolves directions and returns messages (in frame order) and per-flow summaries.
    mutating func finish(warnings: inout [CaptureWarning]) -> ([Message], [FlowSummary]) {
        for idx in flows.indices where flows[idx].transport == .tcp { closeFlow(idx) }
        warnings += gapWarnings
        if gapCount > gapWarnings.count {
            warnings.append(CaptureWarning(.tcpGap, "\(gapCount - gapWarnings.count) more TCP gaps not listed"))
        }
        if unit == .streamChunk {
            // Chunks are emitted when they end; order them by the frame of their first byte.
            var order = Array(records.indices)
            order.sort { (records[$0].frame, $0) < (records[$1].frame, $1) }
            records = order.map { records[$0] }
        }
        var keys: [FlowKey] = []
        var firstIsClient: [Bool] = []
        for f in flows {
            let firstClient: Bool
            if let syn = f.synFromFirst {
                firstClient = syn
            } else if f.first.port != f.second.port {
                firstClient = f.first.port > f.second.port
            } else {
                firstClient = true
            }
            let (c, s) = firstClient ? (f.first, f.second) : (f.second, f.first)
            keys.append(FlowKey(transport: f.transport, clientAddress: c.address, clientPort: c.port,
                                serverAddress: s.address, serverPort: s.port))
            firstIsClient.append(firstClient)
        }
        var summaries = keys.map { FlowSummary(key: $0) }
        for (i, f) in flows.enumerated() { summaries[i].gaps = f.gaps }
        var messages: [Message] = []
        messages.reserveCapacity(records.count)
        for p in records {
            let dir: Direction = p.fromFirst == firstIsClient[p.flowIndex] ? .clientToServer : .serverToClient
            messages.append(Message(index: messages.count, frame: p.frame, timestamp: p.timestamp,
                                    flow: keys[p.flowIndex], flowIndex: p.flowIndex, direction: dir,
                                    payload: p.payload, hasGap: p.hasGap))
            if dir == .clientToServer {
                summaries[p.flowIndex].clientToServerMessages += 1
                summaries[p.flowIndex].clientToServerBytes += p.payload.count
            } else {
                summaries[p.flowIndex].serverToClientMessages += 1
                summaries[p.flowIndex].serverToClientBytes += p.payload.count
            }
        }
        records = []
        return (messages, summaries)
    }
}
