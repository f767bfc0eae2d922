/// One unit the classifier labels: up to `window` consecutive messages of one flow, with their directions and times.
///
/// Long flows are cut into windows so that a capture with one long conversation still gives several samples, and so
/// that the cost of classifying a flow is bounded. Payloads stay zero-copy slices of the capture.
public struct FlowSample: Sendable {
    public var payloads: [ByteSlice]
    public var directions: [Direction]
    /// Seconds since the epoch, per message.
    public var times: [Double]
    public var transport: Transport
    /// The protocol, when known (training and evaluation).
    public var label: String?
    /// Where it came from: capture name, flow index and window number; used to keep splits honest.
    public var source: String
    public var flowIndex: Int
    public var windowIndex: Int

    public init(payloads: [ByteSlice], directions: [Direction], times: [Double], transport: Transport,
                label: String? = nil, source: String = "", flowIndex: Int = 0, windowIndex: Int = 0) {
        self.payloads = payloads
        self.directions = directions
        self.times = times
        self.transport = transport
        self.label = label
        self.source = source
        self.flowIndex = flowIndex
        self.windowIndex = windowIndex
    }

    /// A sample of one message (per-message classification).
    public init(message: Message, label: String? = nil) {
        self.init(payloads: [message.payload], directions: [message.direction], times: [message.timestamp.timeInterval],
                  transport: message.flow.transport, label: label, flowIndex: message.flowIndex)
    }

    /// Default number of messages per sample.
    public static let defaultWindow = 8

    /// Cuts every flow of `capture` into windows of at most `window` non-empty messages, in capture order.
    public static func samples(from capture: Capture, label: String?, window: Int = defaultWindow) -> [FlowSample] {
        let w = Swift.max(window, 1)
        var byFlow: [Int: [Int]] = [:]
        var order: [Int] = []
        for (i, m) in capture.messages.enumerated() where m.payload.count > 0 {
            if byFlow[m.flowIndex] == nil { order.append(m.flowIndex) }
            byFlow[m.flowIndex, default: []].append(i)
        }
        var out: [FlowSample] = []
        for f in order {
            let idx = byFlow[f] ?? []
            var start = 0, win = 0
            while start < idx.count {
                let chunk = idx[start..<Swift.min(start + w, idx.count)]
                let msgs = chunk.map { capture.messages[$0] }
                out.append(FlowSample(payloads: msgs.map(\.payload), directions: msgs.map(\.direction),
                                      times: msgs.map { $0.timestamp.timeInterval }, transport: msgs[0].flow.transport,
                                      label: label, source: capture.name, flowIndex: f, windowIndex: win))
                start += w
                win += 1
            }
        }
        return out
    }
}
