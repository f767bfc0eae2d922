import Foundation
import Testing
import QbitelEngine
@testable import QbitelOps

@Suite struct FeatureFlagsTests {
    func tempFile(_ text: String) throws -> String {
        let p = NSTemporaryDirectory() + "features-\(UUID().uuidString).conf"
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    @Test func defaultsWithoutFileOrEnvironment() throws {
        let f = try FeatureFlags.load(path: "/nonexistent/features.conf", environment: [:])
        #expect(f.isEnabled(.cloudFallback))
        #expect(!f.isEnabled(.experimentalDetectors))
    }

    @Test func fileThenEnvironmentOverride() throws {
        let p = try tempFile("# flags\nexperimental_detectors = on\ncloud_fallback = off  # air-gapped site\n")
        defer { try? FileManager.default.removeItem(atPath: p) }
        let f = try FeatureFlags.load(path: p, environment: ["QBITEL_FEATURE_CLOUD_FALLBACK": "1"])
        #expect(f.isEnabled(.experimentalDetectors))
        #expect(f.isEnabled(.cloudFallback))
        #expect(f.sources[.cloudFallback] == "env")
        #expect(f.sources[.experimentalDetectors] == "\(p):2")
    }

    @Test func badLineNamesTheLine() throws {
        let p = try tempFile("trainer_extras = on\nwarp_drive = on\n")
        defer { try? FileManager.default.removeItem(atPath: p) }
        do {
            _ = try FeatureFlags.load(path: p, environment: [:])
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .configInvalid)
            #expect(e.message.contains(":2:"))
            #expect(e.message.contains("warp_drive"))
        }
    }

    @Test func badEnvironmentValueIsAnError() {
        #expect(throws: QbitelError.self) {
            try FeatureFlags.load(path: "/nonexistent", environment: ["QBITEL_FEATURE_TRAINER_EXTRAS": "maybe"])
        }
    }
}

import QbitelCopilot

@Suite struct FeatureFlagsCopilotTests {
    func cloudConfig() -> CopilotConfiguration {
        var c = CopilotConfiguration()
        c.providerOrder = ["ollama", "anthropic"]
        c.allowCloudFallback = true
        c.anthropicAPIKey = "sk-test"
        return c
    }

    @Test func cloudFlagOffKeepsTheCopilotLocal() {
        var c = cloudConfig()
        #expect(c.cloudEnabled)
        FeatureFlags(values: [.cloudFallback: false]).apply(to: &c)
        #expect(!c.cloudEnabled)
        #expect(Copilot(configuration: c).isAirGapped)
    }

    @Test func cloudFlagOnLeavesTheConfigurationAlone() {
        var c = cloudConfig()
        FeatureFlags().apply(to: &c)
        #expect(c.cloudEnabled)
        #expect(!Copilot(configuration: c).isAirGapped)
    }
}
