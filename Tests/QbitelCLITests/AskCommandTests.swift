import Foundation
import Testing

/// `qbitel ask` with nothing listening: one line with a 3000s code, non-zero exit, nothing on stdout.
@Suite struct AskCommandTests {
    @Test func unreachableProviderExitsNonZeroWith3001() throws {
        let env = CLIRunner.sandbox() // QBITEL_OLLAMA_URL points at a closed port
        let r = try CLIRunner.run(["ask", "what is byte 0?", "--capture", CLIRunner.repoRoot + "/sample-captures/ntp.pcap",
                                   "--message", "1"], environment: env)
        #expect(r.status != 0)
        #expect(r.stderr.contains("error 3001"))
        #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func messageNumberOutsideTheCaptureIsATypedError() throws {
        let r = try CLIRunner.run(["ask", "hi", "--capture", CLIRunner.repoRoot + "/sample-captures/ntp.pcap",
                                   "--message", "100000"], environment: CLIRunner.sandbox())
        #expect(r.status != 0)
        #expect(r.stderr.contains("error 1025"), "stderr: \(r.stderr)")
    }
}
