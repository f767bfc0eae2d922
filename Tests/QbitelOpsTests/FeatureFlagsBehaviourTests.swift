import Foundation
import Testing
import QbitelEngine
@testable import QbitelOps

/// Each optional module switched on and off through the flags file and the `QBITEL_FEATURE_*` variables, checked by
/// what it changes.
@Suite struct FeatureFlagsBehaviourTests {
    /// 48 clients send 6 messages each: a 2-byte constant, the client's own address in little-endian order, a
    /// 2-byte constant and 4 random bytes. Octets 20–99 keep both readings away from the private ranges.
    static func hostOrderAddressMessages() -> [Message] {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let server = IPAddress([10, 9, 9, 9])
        var clients: [[UInt8]] = []
        for _ in 0..<48 { clients.append((0..<4).map { _ in UInt8(20 + next() % 80) }) }
        var out: [Message] = []
        for round in 0..<6 {
            for (k, client) in clients.enumerated() {
                let flow = FlowKey(transport: .udp, clientAddress: IPAddress(client), clientPort: UInt16(41000 + k),
                                   serverAddress: server, serverPort: 7000)
                var bytes: [UInt8] = [0x51, 0x42] + client.reversed() + [0x00, 0x07]
                bytes += (0..<4).map { _ in UInt8(truncatingIfNeeded: next()) }
                let i = out.count
                out.append(Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: 1_700_000_000 + Int64(round), nanoseconds: 0),
                                   flow: flow, flowIndex: k, direction: .clientToServer, payload: ByteSlice(bytes)))
            }
        }
        return out
    }

    /// The kind discovery gives the field at offset 2 (the host-order address) with these flags.
    static func addressField(_ flags: FeatureFlags) throws -> InferredField? {
        var options = DiscoveryOptions()
        flags.apply(to: &options)
        let result = try DiscoveryEngine(options: options).discover(hostOrderAddressMessages(), captureName: "host-order")
        return result.messages.first?.fields.first { $0.offset == 2 && $0.length == 4 }
    }

    func tempConfig(_ text: String) throws -> String {
        let p = NSTemporaryDirectory() + "features-\(UUID().uuidString).conf"
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    @Test func experimentalDetectorsOffByDefaultLeaveTheAddressUnread() throws {
        let flags = try FeatureFlags.load(path: "/nonexistent/features.conf", environment: [:])
        let field = try #require(try Self.addressField(flags))
        #expect(field.kind != .ipv4)
    }

    @Test func experimentalDetectorsOnInTheFileReadTheHostOrderAddress() throws {
        let p = try tempConfig("experimental_detectors = on\n")
        defer { try? FileManager.default.removeItem(atPath: p) }
        let flags = try FeatureFlags.load(path: p, environment: [:])
        let field = try #require(try Self.addressField(flags))
        #expect(field.kind == .ipv4)
        #expect(field.endianness == .little)
        #expect(field.confidence >= 0.8)
    }

    @Test func environmentSwitchesExperimentalDetectorsBothWays() throws {
        let p = try tempConfig("experimental_detectors = on\n")
        defer { try? FileManager.default.removeItem(atPath: p) }
        let off = try FeatureFlags.load(path: p, environment: ["QBITEL_FEATURE_EXPERIMENTAL_DETECTORS": "0"])
        #expect(try Self.addressField(off)?.kind != .ipv4)
        let on = try FeatureFlags.load(path: "/nonexistent", environment: ["QBITEL_FEATURE_EXPERIMENTAL_DETECTORS": "1"])
        #expect(try Self.addressField(on)?.kind == .ipv4)
    }

    @Test func experimentalRunsAreCachedApart() throws {
        var plain = OrchestratorOptions()
        var experimental = OrchestratorOptions()
        FeatureFlags().apply(to: &plain.discovery)
        FeatureFlags(values: [.experimentalDetectors: true]).apply(to: &experimental.discovery)
        #expect(plain.tag == OrchestratorOptions().tag)
        #expect(experimental.tag != plain.tag)
    }

    @Test func trainerExtrasFollowTheFileAndTheEnvironment() throws {
        #expect(try FeatureFlags.load(path: "/nonexistent", environment: [:]).trainerExtras)
        let p = try tempConfig("trainer_extras = off\n")
        defer { try? FileManager.default.removeItem(atPath: p) }
        #expect(try !FeatureFlags.load(path: p, environment: [:]).trainerExtras)
        #expect(try FeatureFlags.load(path: p, environment: ["QBITEL_FEATURE_TRAINER_EXTRAS": "on"]).trainerExtras)
    }
}
