/// Turns decoded packets into flows and messages, deciding each flow's client side.
///
/// The client is the sender of a TCP SYN without ACK; failing that the side with the higher port (servers listen on
/// the lower one); with equal ports, the side that spoke first.
struct MessageAssembler {
    private struct Pending {
        var frame: Int
        var timestamp: Timestamp
        var flowIndex: Int
        /// True when the packet's source is the flow's first-seen endpoint.
        var fromFirst: Bool
        var payload: ByteSlice
        var sequence: UInt32
        var transport: Transport
    }

    private struct Endpoint: Hashable { var address: IPAddress; var port: UInt16 }
    private struct CanonicalKey: Hashable { var transport: Transport; var a: Endpoint; var b: Endpoint }
    private struct FlowState {
        var first: Endpoint
        var second: Endpoint
        var transport: Transport
        var synFromFirst: Bool?
    }

    private var flowIndexByKey: [CanonicalKey: Int] = [:]
    private var flows: [FlowState] = []
    private var pending: [Pending] = []

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
        if p.transport == .tcp, p.isSyn, flows[idx].synFromFirst == nil {
            flows[idx].synFromFirst = fromFirst
        }
        if p.payload.count > 0 {
            pending.append(Pending(frame: frame, timestamp: timestamp, flowIndex: idx, fromFirst: fromFirst,
                                   payload: p.payload, sequence: p.sequence, transport: p.transport))
        }
    }

    /// Resolves directions and returns messages (in frame order) and per-flow summaries.
    func finish(options: CaptureOptions, warnings: inout [CaptureWarning]) -> ([Message], [FlowSummary]) {
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
        var messages: [Message] = []
        messages.reserveCapacity(pending.count)
        for p in pending {
            let dir: Direction = p.fromFirst == firstIsClient[p.flowIndex] ? .clientToServer : .serverToClient
            messages.append(Message(index: messages.count, frame: p.frame, timestamp: p.timestamp,
                                    flow: keys[p.flowIndex], flowIndex: p.flowIndex, direction: dir,
                                    payload: p.payload))
            if dir == .clientToServer {
                summaries[p.flowIndex].clientToServerMessages += 1
                summaries[p.flowIndex].clientToServerBytes += p.payload.count
            } else {
                summaries[p.flowIndex].serverToClientMessages += 1
                summaries[p.flowIndex].serverToClientBytes += p.payload.count
            }
        }
        return (messages, summaries)
    }
}
