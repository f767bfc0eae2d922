import Foundation
import Testing

@Suite struct DoctorCommandTests {
    @Test func offlineCopilotIsDegradedAndJSONHasEveryComponent() throws {
        let env = CLIRunner.sandbox()
        let r = try CLIRunner.run(["doctor", "--json", "--timeout", "1"], environment: env)
        #expect(r.status == 1, "stderr: \(r.stderr)")
        let obj = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["status"] as? String == "degraded")
        let comps = try #require(obj["components"] as? [String: [String: Any]])
        for name in ["workspace", "copilot", "themes", "terminal", "libraries", "features"] {
            let c = try #require(comps[name], "missing \(name)")
            #expect(["healthy", "degraded", "unhealthy"].contains(c["status"] as? String ?? ""))
            #expect(c["latency_ms"] is Double)
            #expect(c["message"] is String)
        }
        #expect(comps["copilot"]?["status"] as? String == "degraded")
        let copilotMessage = comps["copilot"]?["message"] as? String ?? ""
        let librariesMessage = comps["libraries"]?["message"] as? String ?? ""
        #expect(copilotMessage.contains("3001"))
        #expect(librariesMessage.contains("sqlite 3."))
        #expect(librariesMessage.contains("libcurl/"), "\(librariesMessage)")
    }

    /// libcurl (and the ~25 libraries it pulls in) is opened when the copilot or `doctor` first needs it, not at
    /// start-up: the dynamic loader's own trace shows it absent from a command that never talks to a model.
    @Test func libcurlIsLoadedOnFirstUseOnly() throws {
        var env = CLIRunner.sandbox()
        env["LD_DEBUG"] = "files"
        let plain = try CLIRunner.run(["errors"], environment: env)
        #expect(plain.status == 0)
        #expect(plain.stderr.contains("libsqlite3"), "the loader trace is expected on stderr")
        #expect(!plain.stderr.contains("libcurl"))
        let doctor = try CLIRunner.run(["doctor", "--json", "--timeout", "1"], environment: env)
        #expect(doctor.stderr.contains("libcurl.so"))
    }

    @Test func corruptWorkspaceIsUnhealthyAndUntouched() throws {
        let env = CLIRunner.sandbox()
        let ws = env["HOME"]! + "/broken.sqlite"
        let junk = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try junk.write(to: URL(fileURLWithPath: ws))
        let r = try CLIRunner.run(["doctor", "--json", "--timeout", "1", "--workspace", ws], environment: env)
        #expect(r.status == 2)
        let obj = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let comps = try #require(obj["components"] as? [String: [String: Any]])
        #expect(comps["workspace"]?["status"] as? String == "unhealthy")
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws)) == junk)
    }

    @Test func badFeatureFileMakesItUnhealthy() throws {
        var env = CLIRunner.sandbox()
        env["QBITEL_FEATURE_TRAINER_EXTRAS"] = "sometimes"
        let r = try CLIRunner.run(["doctor"], environment: env)
        #expect(r.status == 2)
        #expect(r.stdout.contains("[FAIL] features"))
        #expect(r.stdout.contains("9006"))
    }
}
