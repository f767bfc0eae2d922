import QbitelEngine
@testable import QbitelTUI

/// A small capture and its inference built in code: two types, fixed layouts, known bytes.
enum WorkbenchFixture {
    /// T1 (c2s): [01][00 0c][u32 counter][ascii "PING"] = 11 bytes; T2 (s2c): [02][00 08][c0 a8 01 0a][ff] = 8 bytes.
    static func capture(count: Int = 20) -> Capture {
        var msgs: [Message] = []
        let flow = FlowKey(transport: .udp, clientAddress: IPAddress([10, 0, 0, 1]), clientPort: 40000,
                           serverAddress: IPAddress([10, 0, 0, 2]), serverPort: 9000)
        for i in 0..<count {
            let c2s = i % 2 == 0
            let bytes: [UInt8] = c2s
                ? [0x01, 0x00, 0x0c, 0, 0, 0, UInt8(i)] + Array("PING".utf8)
                : [0x02, 0x00, 0x08, 0xc0, 0xa8, 0x01, 0x0a, 0xff]
            msgs.append(Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: 1_700_000_000 + Int64(i), nanoseconds: 0),
                                flow: flow, flowIndex: 0, direction: c2s ? .clientToServer : .serverToClient,
                                payload: ByteSlice(bytes)))
        }
        return Capture(name: "fixture.pcap", format: .pcap, frameCount: count, linkTypes: [1], messages: msgs,
                       flows: [FlowSummary(key: flow)], warnings: [], firstTimestamp: msgs.first?.timestamp,
                       lastTimestamp: msgs.last?.timestamp, byteCount: 1000)
    }

    static let t1Fields = [
        InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.95, note: "always 0x01"),
        InferredField(offset: 1, length: 2, kind: .length, confidence: 0.9, endianness: .big, note: "u16be = length + 1"),
        InferredField(offset: 3, length: 4, kind: .counter, confidence: 0.8, endianness: .big),
        InferredField(offset: 7, length: 4, kind: .string, confidence: 0.7),
    ]
    static let t2Fields = [
        InferredField(offset: 0, length: 1, kind: .constant, confidence: 0.95),
        InferredField(offset: 1, length: 2, kind: .length, confidence: 0.9, endianness: .big),
        InferredField(offset: 3, length: 4, kind: .ipv4, confidence: 0.6),
        InferredField(offset: 7, length: 1, kind: .flags, confidence: 0.3),
    ]

    static func discovery(_ c: Capture) -> DiscoveryResult {
        let infs = c.messages.map { m in
            let t1 = m.direction == .clientToServer
            let f = t1 ? t1Fields : t2Fields
            return MessageInference(messageIndex: m.index, frame: m.frame, typeID: t1 ? "T1" : "T2",
                                    boundaries: [0] + f.map(\.end), boundaryConfidence: [], fields: f)
        }
        return DiscoveryResult(captureName: c.name, messages: infs, types: [
            MessageTypeInfo(id: "T1", count: c.messages.count / 2, confidence: 0.9, rule: "key field at 0 = 0x01", fields: t1Fields),
            MessageTypeInfo(id: "T2", count: c.messages.count - c.messages.count / 2, confidence: 0.9, rule: "key field at 0 = 0x02", fields: t2Fields),
        ])
    }

    /// A state with the capture loaded and discovery finished, at a given screen size.
    static func state(width: Int = 160, height: Int = 48, count: Int = 20) -> WorkbenchState {
        var s = WorkbenchState(captureName: "fixture.pcap", width: width, height: height)
        let c = capture(count: count)
        _ = WorkbenchReducer.reduce(&s, .captureLoaded(c))
        _ = WorkbenchReducer.reduce(&s, .discoveryFinished(discovery(c)))
        return s
    }

    static func render(_ s: WorkbenchState, mode: ColorMode = .full256) -> CellGrid {
        WorkbenchRenderer(theme: Theme.dark.resolved(for: mode)).render(s)
    }

    @discardableResult
    static func send(_ s: inout WorkbenchState, _ keys: Key...) -> [WorkbenchEffect] {
        var fx: [WorkbenchEffect] = []
        for k in keys { fx += WorkbenchReducer.reduce(&s, .key(k)) }
        return fx
    }

    static func type(_ s: inout WorkbenchState, _ text: String) {
        for c in text { _ = WorkbenchReducer.reduce(&s, .key(.char(c))) }
    }
}
