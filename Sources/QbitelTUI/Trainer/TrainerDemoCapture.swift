import QbitelEngine

/// A small synthetic capture for `qbitel demo` without a file: a made-up request/response protocol with a type
/// byte, a length, a counter and a text payload, so every trainer step has something to show.
public enum TrainerDemoCapture {
    public static func make(messages n: Int = 60) -> Capture {
        let flow = FlowKey(transport: .udp, clientAddress: IPAddress([192, 0, 2, 10]), clientPort: 50000,
                           serverAddress: IPAddress([192, 0, 2, 1]), serverPort: 7000)
        var msgs: [Message] = []
        var rng: UInt32 = 12345
        func next() -> UInt8 {
            rng = rng &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: rng >> 16)
        }
        for i in 0..<n {
            let request = i % 2 == 0
            let text = Array((request ? "GET item-\(i % 7)" : "OK value=\(i * 37 % 1000)").utf8)
            var b: [UInt8] = [request ? 0x01 : 0x81, 0x00]
            b += [UInt8((8 + text.count) >> 8), UInt8((8 + text.count) & 0xff)]
            b += [0, 0, UInt8(i >> 8), UInt8(i & 0xff)]
            b += [next(), next()]
            b += text
            msgs.append(Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: 1_750_000_000 + Int64(i / 2), nanoseconds: UInt32(i % 2) * 1_000_000),
                                flow: flow, flowIndex: 0, direction: request ? .clientToServer : .serverToClient,
                                payload: ByteSlice(b)))
        }
        return Capture(name: "demo (synthetic)", format: .bytes, frameCount: n, linkTypes: [], messages: msgs,
                       flows: [FlowSummary(key: flow)], warnings: [], firstTimestamp: msgs.first?.timestamp,
                       lastTimestamp: msgs.last?.timestamp, byteCount: msgs.reduce(0) { $0 + $1.length })
    }
}
