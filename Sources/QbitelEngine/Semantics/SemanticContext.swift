/// What the detectors need to know about a whole capture, built once in linear time.
///
/// Transaction ids are checked against the reply to a message, counters against the flow's order, timestamps against
/// capture time and addresses against the flow's endpoints; this is where those relations come from.
public struct SemanticContext: Sendable {
    /// The messages, in capture order.
    public let messages: [Message]
    /// Position in `messages` for each `Message.index`, -1 when absent (dense indices).
    private let positionByIndex: [Int]
    /// The same for indices too large for the dense table (a sparse subset of a big capture).
    private let sparsePosition: [Int: Int]
    /// Position of the reply: the next message of the same flow in the opposite direction, -1 if none.
    private let replyPosition: [Int]
    /// Position of the request: the previous message of the same flow in the opposite direction, -1 if none.
    private let requestPosition: [Int]
    /// Every IPv4 address seen as a flow endpoint, as a big-endian integer.
    public let knownIPv4: Set<UInt32>
    /// Earliest and latest message time, in Unix seconds.
    public let timeRange: ClosedRange<Double>?
    /// False when the messages carry no real capture time (hex dumps, folders, zeroed pcaps): timestamps are then
    /// judged by plausibility alone, with lower confidence.
    public let hasWallClockTime: Bool

    /// An empty context: detectors that need flows or time then report nothing for them.
    public init() { self.init(messages: []) }

    public init(capture: Capture) { self.init(messages: capture.messages) }

    public init(messages: [Message]) {
        self.messages = messages
        var maxIndex = -1
        for m in messages where m.index > maxIndex { maxIndex = m.index }
        var pos = [Int](repeating: -1, count: Swift.max(0, Swift.min(maxIndex + 1, messages.count * 4 + 1024)))
        var sparse: [Int: Int] = [:]
        for (i, m) in messages.enumerated() where m.index >= 0 {
            if m.index < pos.count { pos[m.index] = i } else { sparse[m.index] = i }
        }
        positionByIndex = pos
        sparsePosition = sparse

        // Walk backwards for replies, forwards for requests; per-flow last positions keyed by (flow, direction).
        var reply = [Int](repeating: -1, count: messages.count)
        var request = [Int](repeating: -1, count: messages.count)
        var nextSeen: [Int: Int] = [:]
        for i in stride(from: messages.count - 1, through: 0, by: -1) {
            let m = messages[i]
            let key = m.flowIndex &* 2 &+ (m.direction == .clientToServer ? 0 : 1)
            let other = m.flowIndex &* 2 &+ (m.direction == .clientToServer ? 1 : 0)
            reply[i] = nextSeen[other] ?? -1
            nextSeen[key] = i
        }
        var lastSeen: [Int: Int] = [:]
        for i in 0..<messages.count {
            let m = messages[i]
            let key = m.flowIndex &* 2 &+ (m.direction == .clientToServer ? 0 : 1)
            let other = m.flowIndex &* 2 &+ (m.direction == .clientToServer ? 1 : 0)
            request[i] = lastSeen[other] ?? -1
            lastSeen[key] = i
        }
        replyPosition = reply
        requestPosition = request

        var ips = Set<UInt32>()
        var seenFlows = Set<Int>()
        var lo = Double.infinity, hi = -Double.infinity
        for m in messages {
            if seenFlows.insert(m.flowIndex).inserted {
                for a in [m.flow.clientAddress, m.flow.serverAddress] where a.bytes.count == 4 {
                    ips.insert(a.bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
                }
            }
            let t = m.timestamp.timeInterval
            lo = Swift.min(lo, t)
            hi = Swift.max(hi, t)
        }
        knownIPv4 = ips
        timeRange = messages.isEmpty ? nil : lo...hi
        // 1990-01-01: anything earlier is a zeroed or synthetic clock.
        hasWallClockTime = !messages.isEmpty && lo > 631_152_000
    }

    private func position(of m: Message) -> Int? {
        guard m.index >= 0 else { return nil }
        guard m.index < positionByIndex.count else { return sparsePosition[m.index] }
        let p = positionByIndex[m.index]
        return p >= 0 ? p : nil
    }

    /// The reply to `message`: the next message of its flow going the other way.
    public func reply(to message: Message) -> Message? {
        guard let p = position(of: message), replyPosition[p] >= 0 else { return nil }
        return messages[replyPosition[p]]
    }

    /// Position in `messages` of the reply to the message at `position`, or -1.
    func replyPosition(at position: Int) -> Int { replyPosition[position] }

    /// The request `message` answers: the previous message of its flow going the other way.
    public func request(answeredBy message: Message) -> Message? {
        guard let p = position(of: message), requestPosition[p] >= 0 else { return nil }
        return messages[requestPosition[p]]
    }

    /// The IPv4 endpoints of the message's flow, as big-endian integers.
    public func flowIPv4(of message: Message) -> [UInt32] {
        [message.flow.clientAddress, message.flow.serverAddress].compactMap { a in
            a.bytes.count == 4 ? a.bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : nil
        }
    }

    /// Positions in `messages` of `neighbours(of:radius:)`, empty when the message is not in the context.
    func neighbourPositions(of message: Message, radius: Int = 8) -> Range<Int> {
        guard let p = position(of: message) else { return 0..<0 }
        return Swift.max(0, p - radius)..<Swift.min(messages.count, p + radius + 1)
    }

    /// Up to `radius` messages before and after `message` in capture order, any flow: where a reply travels when it
    /// comes from another address or port (broadcast requests, servers answering from a new socket).
    public func neighbours(of message: Message, radius: Int = 8) -> ArraySlice<Message> {
        guard let p = position(of: message) else { return [] }
        return messages[Swift.max(0, p - radius)..<Swift.min(messages.count, p + radius + 1)]
    }
}
