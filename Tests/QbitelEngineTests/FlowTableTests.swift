import Testing
@testable import QbitelEngine

@Suite struct FlowTableTests {
    typealias B = CaptureBuilder

    /// Equal hashes (full collisions) and a table that grows many times: every key still finds its own index.
    @Test func collidingHashesAndGrowthKeepEveryEntry() {
        var table = FlowTable(capacity: 4)
        // Key k's hash: only 64 distinct values, so most keys share their hash (and tag) with others.
        func hash(_ k: Int) -> UInt64 { UInt64(k % 64) &* 0x9E37_79B9_7F4A_7C15 }
        var keys: [Int] = []
        for k in stride(from: 0, to: 10_000, by: 3) {
            #expect(table.find(hash: hash(k), matches: { keys[$0] == k }) == nil)
            table.insert(hash: hash(k), value: keys.count, rehash: { hash(keys[$0]) })
            keys.append(k)
        }
        #expect(table.count == keys.count)
        for (i, k) in keys.enumerated() {
            #expect(table.find(hash: hash(k), matches: { keys[$0] == k }) == i)
        }
        #expect(table.find(hash: hash(1), matches: { keys[$0] == 1 }) == nil)
    }

    /// Thousands of flows that differ only in one port, the transport or the client address, seen in both
    /// directions: each is its own flow, and every message points at the flow it belongs to.
    @Test func manyFlowsAreKeptApartInBothDirections() throws {
        let n = 3000
        var frames: [[UInt8]] = []
        for i in 0..<n { frames.append(B.udpFrame(Array("q\(i)".utf8), clientPort: UInt16(10_000 + i))) }
        for i in 0..<n { frames.append(B.tcpFrame(seq: 1, Array("t\(i)".utf8), clientPort: UInt16(10_000 + i), serverPort: 53)) }
        let hostC: [UInt8] = [10, 0, 0, 3]
        for i in 0..<100 {
            frames.append(B.ethernet(0x0800, B.ipv4(proto: 17, B.udp(UInt16(10_000 + i), 53, Array("c\(i)".utf8)),
                                                    src: hostC, dst: B.hostB)))
        }
        for i in (0..<n).reversed() {
            frames.append(B.udpFrame(fromA: false, Array("r\(i)".utf8), clientPort: UInt16(10_000 + i)))
        }
        let cap = try B.read(B.pcap(frames))
        #expect(cap.flows.count == 2 * n + 100)
        #expect(cap.messages.count == 3 * n + 100)
        for m in cap.messages {
            let text = String(decoding: m.payload.array, as: UTF8.self)
            #expect(cap.flows[m.flowIndex].key == m.flow)
            #expect(m.direction == (text.hasPrefix("r") ? .serverToClient : .clientToServer))
            #expect(m.flow.transport == (text.hasPrefix("t") ? .tcp : .udp))
            #expect(m.flow.clientAddress == IPAddress(text.hasPrefix("c") ? hostC : B.hostA))
            #expect(m.flow.clientPort == UInt16(10_000 + Int(text.dropFirst())!))
        }
        let udpFlows = cap.flows.filter { $0.key.transport == .udp && $0.key.clientAddress == IPAddress(B.hostA) }
        #expect(udpFlows.count == n)
        #expect(udpFlows.allSatisfy { $0.clientToServerMessages == 1 && $0.serverToClientMessages == 1 })
    }
}
