import Foundation
import Testing

/// SIGTERM during a discovery: the process stops within 2 s with 128 + 15 and leaves a workspace that checks clean.
@Suite struct GracefulShutdownTests {
    /// A pcap of `count` UDP messages with a key byte, a counter and random bytes: enough work to still be running
    /// when the signal arrives.
    static func bigCapture(count: Int, path: String) throws {
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian, Array.init) }
        func be16(_ v: UInt16) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
        var out: [UInt8] = le32(0xA1B2_C3D4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(65535) + le32(1)
        out.reserveCapacity(count * 80)
        var rng = SystemRandomNumberGenerator()
        for i in 0..<count {
            var payload: [UInt8] = [1, UInt8(i % 4)] + be16(UInt16(truncatingIfNeeded: i))
            for _ in 0..<12 { payload.append(UInt8.random(in: 0...255, using: &rng)) }
            let udp = be16(UInt16(40000 + i % 50)) + be16(9999) + be16(UInt16(8 + payload.count)) + [0, 0] + payload
            let ip: [UInt8] = [0x45, 0] + be16(UInt16(20 + udp.count)) + [0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
            let frame = [UInt8](repeating: 2, count: 6) + [UInt8](repeating: 4, count: 6) + [8, 0] + ip + udp
            out += le32(UInt32(1_700_000_000 + i / 1000)) + le32(UInt32(i % 1000)) + le32(UInt32(frame.count))
                + le32(UInt32(frame.count)) + frame
        }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    @Test func sigtermDuringDiscoveryExitsPromptlyAndKeepsTheWorkspaceWhole() async throws {
        let env = CLIRunner.sandbox()
        let cap = env["HOME"]! + "/big.pcap"
        let ws = env["HOME"]! + "/ws.sqlite"
        try Self.bigCapture(count: 300_000, path: cap)
        let (p, _, err) = try CLIRunner.start(["discover", cap, "--json", "--workspace", ws], environment: env)
        try await Task.sleep(nanoseconds: 1_500_000_000)
        #expect(p.isRunning, "discovery finished before the signal; the test needs a bigger capture")
        let sent = Date()
        p.terminate() // SIGTERM
        while p.isRunning && Date().timeIntervalSince(sent) < 5 { try await Task.sleep(nanoseconds: 20_000_000) }
        let took = Date().timeIntervalSince(sent)
        #expect(!p.isRunning)
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        #expect(took < 2.0, "took \(took) s to stop")
        #expect(p.terminationStatus == 143)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("9009"))
        if FileManager.default.fileExists(atPath: ws) {
            let check = try CLIRunner.run(["workspace", "check", "--workspace", ws], environment: env)
            #expect(check.status == 0, "workspace check: \(check.stdout) \(check.stderr)")
        }
    }
}
