import Foundation
import Testing

/// The CLI reads the feature flags where they act: `doctor` names the experimental detectors in use, and `discover`
/// refuses a bad flag value (error 9006) instead of silently running with defaults.
@Suite struct FeatureFlagsCLITests {
    static func featuresMessage(_ env: [String: String]) throws -> String {
        let r = try CLIRunner.run(["doctor", "--json", "--timeout", "1"], environment: env)
        let obj = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "stderr: \(r.stderr)")
        let comps = try #require(obj["components"] as? [String: [String: Any]])
        return comps["features"]?["message"] as? String ?? ""
    }

    @Test func doctorNamesTheExperimentalDetectorsOnlyWhenSwitchedOn() throws {
        let env = CLIRunner.sandbox()
        let off = try Self.featuresMessage(env)
        #expect(off.contains("experimental_detectors=off"))
        #expect(!off.contains("host-order IPv4"))

        var byVariable = env
        byVariable["QBITEL_FEATURE_EXPERIMENTAL_DETECTORS"] = "1"
        let on = try Self.featuresMessage(byVariable)
        #expect(on.contains("experimental_detectors=on"))
        #expect(on.contains("experimental detectors: host-order IPv4 address"))

        let config = env["HOME"]! + "/flags-config"
        try FileManager.default.createDirectory(atPath: config + "/qbitel", withIntermediateDirectories: true)
        try "experimental_detectors = on\ntrainer_extras = off\n".write(toFile: config + "/qbitel/features.conf", atomically: true, encoding: .utf8)
        var byFile = env
        byFile["XDG_CONFIG_HOME"] = config
        let fromFile = try Self.featuresMessage(byFile)
        #expect(fromFile.contains("experimental_detectors=on") && fromFile.contains("trainer_extras=off"))
        #expect(fromFile.contains("host-order IPv4"))
    }

    @Test func discoverReadsTheFlags() throws {
        var env = CLIRunner.sandbox()
        let capture = CLIRunner.repoRoot + "/sample-captures/ntp.pcap"
        env["QBITEL_FEATURE_EXPERIMENTAL_DETECTORS"] = "perhaps"
        let bad = try CLIRunner.run(["discover", capture, "--no-cache"], environment: env)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("9006"))
        env["QBITEL_FEATURE_EXPERIMENTAL_DETECTORS"] = "on"
        let good = try CLIRunner.run(["discover", capture, "--no-cache", "--types-only"], environment: env)
        #expect(good.status == 0, "stderr: \(good.stderr)")
    }
}
