import Foundation
import QbitelEngine
import QbitelStore
import Testing

/// A second `qbitel discover --json` of the same file is served from the workspace: the same document as the first
/// run's, but for `from_cache`, and the workspace file is not written by the served run.
@Suite struct ServedDiscoverTests {
    static var built: Bool { FileManager.default.isExecutableFile(atPath: CLIRunner.binary) }

    @Test(.enabled(if: built, "qbitel is not built"), arguments: [["--json"], ["--json", "--types-only"], ["--json", "--unit", "stream"]])
    func servedDocumentIsTheFirstRunsDocument(options: [String]) throws {
        let env = CLIRunner.sandbox()
        let ws = env["HOME"]! + "/ws.sqlite"
        let sample = CLIRunner.repoRoot + "/sample-captures/ldap.pcap"
        let first = try CLIRunner.run(["discover", sample] + options + ["--workspace", ws], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let before = [UInt8](FileManager.default.contents(atPath: ws) ?? Data())
        let second = try CLIRunner.run(["discover", sample] + options + ["--workspace", ws, "--progress"], environment: env)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("loaded from cache"))
        #expect(first.stdout.contains(#""from_cache":false"#))
        #expect(second.stdout == first.stdout.replacingOccurrences(of: #""from_cache":false"#, with: #""from_cache":true"#))
        #expect([UInt8](FileManager.default.contents(atPath: ws) ?? Data()) == before)
        // Recomputing gives the same analysis (timings aside); --no-cache never reads the saved run.
        let fresh = try CLIRunner.run(["discover", sample] + options + ["--workspace", ws, "--no-cache"], environment: env)
        #expect(fresh.status == 0)
        let a = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(fresh.stdout.utf8)) as? [String: Any])
        #expect((a["messages"] as? [Any])?.count == (b["messages"] as? [Any])?.count)
        #expect((b["phases"] as? [String: Any])?["from_cache"] as? Bool == false)
    }

    @Test(.enabled(if: built, "qbitel is not built"))
    func otherOptionsAreNotServedTheSavedRun() throws {
        let env = CLIRunner.sandbox()
        let ws = env["HOME"]! + "/ws.sqlite"
        let sample = CLIRunner.repoRoot + "/sample-captures/ntp.pcap"
        #expect(try CLIRunner.run(["discover", sample, "--json", "--workspace", ws], environment: env).status == 0)
        let other = try CLIRunner.run(["discover", sample, "--json", "--level", "basic", "--workspace", ws], environment: env)
        #expect(other.status == 0, "\(other.stderr)")
        #expect(other.stdout.contains(#""from_cache":false"#))
        #expect(other.stdout.contains(#""level":"basic""#))
    }
}
