/// Which way a message travelled within its flow.
public enum Direction: String, Sendable, Codable, CaseIterable {
    case clientToServer = "c2s"
    case serverToClient = "s2c"

    public var reversed: Direction { self == .clientToServer ? .serverToClient : .clientToServer }
}

/// The transport a message was carried by.
public enum Transport: String, Sendable, Codable {
    case udp, tcp
    /// Messages that came without a network stack: hex dumps and message folders.
    case none
}

/// The 5-tuple of a flow, ordered client first.
///
/// `client` is the side that opened the flow (TCP SYN) or, failing that, the side with the higher port.
public struct FlowKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var transport: Transport
    public var clientAddress: IPAddress
    public var clientPort: UInt16
    public var serverAddress: IPAddress
    public var serverPort: UInt16

    public init(transport: Transport, clientAddress: IPAddress, clientPort: UInt16, serverAddress: IPAddress,
                serverPort: UInt16) {
        self.transport = transport
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        self.serverAddress = serverAddress
        self.serverPort = serverPort
    }

    /// For messages without a network: one pseudo flow per source.
    public static func pseudo(_ id: UInt16 = 0) -> FlowKey {
        FlowKey(transport: .none, clientAddress: IPAddress([]), clientPort: id, serverAddress: IPAddress([]), serverPort: 0)
    }

    /// `10.0.0.1:5353 > 10.0.0.2:53/udp`: the string the JSON and the UI show.
    public var description: String {
        func ep(_ a: IPAddress, _ p: UInt16) -> String { a.isV6 ? "[\(a)]:\(p)" : "\(a):\(p)" }
        if transport == .none { return "local#\(clientPort)" }
        return "\(ep(clientAddress, clientPort)) > \(ep(serverAddress, serverPort))/\(transport.rawValue)"
    }
}

/// A capture timestamp with nanosecond resolution.
public struct Timestamp: Sendable, Hashable, Codable, Comparable {
    public var seconds: Int64
    public var nanoseconds: UInt32

    public init(seconds: Int64, nanoseconds: UInt32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static let zero = Timestamp(seconds: 0, nanoseconds: 0)

    public var timeInterval: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }
}

/// One application message: a UDP datagram's payload, a TCP segment's payload, or a reassembled stream chunk.
///
/// Stored properties are declared largest-alignment first so the small ones share padding: a large capture holds
/// one of these per message, and 16 bytes less each is megabytes less memory to fault in and write.
public struct Message: Sendable, Identifiable {
    public var payload: ByteSlice
    /// 0-based position in the capture's message list.
    public var index: Int
    /// 1-based frame number of the message's first byte, as tshark counts.
    public var frame: Int
    /// Index into `Capture.flows`.
    public var flowIndex: Int
    public var timestamp: Timestamp
    public var direction: Direction
    /// True when TCP reassembly found missing bytes before or inside this chunk.
    public var hasGap: Bool
    public var flow: FlowKey

    public var id: Int { index }
    public var length: Int { payload.count }

    public init(index: Int, frame: Int, timestamp: Timestamp, flow: FlowKey, flowIndex: Int, direction: Direction,
                payload: ByteSlice, hasGap: Bool = false) {
        self.index = index
        self.frame = frame
        self.timestamp = timestamp
        self.flow = flow
        self.flowIndex = flowIndex
        self.direction = direction
        self.payload = payload
        self.hasGap = hasGap
    }
}

/// Per-flow counts for `qbitel info` and the workbench.
public struct FlowSummary: Sendable, Codable, Equatable {
    public var key: FlowKey
    public var clientToServerMessages: Int
    public var serverToClientMessages: Int
    public var clientToServerBytes: Int
    public var serverToClientBytes: Int
    public var gaps: Int

    public init(key: FlowKey) {
        self.key = key
        clientToServerMessages = 0
        serverToClientMessages = 0
        clientToServerBytes = 0
        serverToClientBytes = 0
        gaps = 0
    }
}

/// What a capture file held: its frames and the application messages extracted from them.
public struct Capture: Sendable {
    public enum Format: String, Sendable, Codable { case pcap, pcapng, hexdump, folder, bytes }

    public var name: String
    public var format: Format
    public var frameCount: Int
    public var linkTypes: [UInt32]
    public var messages: [Message]
    public var flows: [FlowSummary]
    public var warnings: [CaptureWarning]
    public var firstTimestamp: Timestamp?
    public var lastTimestamp: Timestamp?
    /// Bytes of the whole input, for hashing and statistics.
    public var byteCount: Int
    /// How TCP payloads were cut into messages (UDP and non-network inputs are the same in both units).
    public var messageUnit: CaptureOptions.MessageUnit

    public init(name: String, format: Format, frameCount: Int, linkTypes: [UInt32], messages: [Message],
                flows: [FlowSummary], warnings: [CaptureWarning], firstTimestamp: Timestamp?,
                lastTimestamp: Timestamp?, byteCount: Int, messageUnit: CaptureOptions.MessageUnit = .segment) {
        self.name = name
        self.format = format
        self.frameCount = frameCount
        self.linkTypes = linkTypes
        self.messages = messages
        self.flows = flows
        self.warnings = warnings
        self.firstTimestamp = firstTimestamp
        self.lastTimestamp = lastTimestamp
        self.byteCount = byteCount
        self.messageUnit = messageUnit
    }
}
