import Foundation
import QbitelEngine
import Testing
@testable import QbitelCopilot

@Suite struct CopilotConfigurationTests {
    @Test func parsesTheFileFormat() throws {
        let c = try CopilotConfiguration.parse("""
            # copilot settings
            [copilot]
            ollama_url = "http://10.0.0.5:11434"   # lab box
            model = "llama3.2:3b"
            providers = ["ollama", "anthropic"]
            allow_cloud_fallback = true
            first_byte_timeout = 90
            idle_timeout = 15
            num_ctx = 8192
            num_predict = 400
            requests_per_minute = 30
            """)
        #expect(c.ollamaURL == "http://10.0.0.5:11434")
        #expect(c.model == "llama3.2:3b")
        #expect(c.providerOrder == ["ollama", "anthropic"])
        #expect(c.allowCloudFallback)
        #expect(!c.cloudEnabled) // no key in the environment
        #expect(c.timeouts.firstByte == 90 && c.timeouts.idle == 15)
        #expect(c.contextTokens == 8192 && c.maxAnswerTokens == 400 && c.requestsPerMinute == 30)
    }

    @Test func badFilesAreError9006() {
        for text in ["model = llama3", "colour = \"red\"", "num_ctx = -1", "providers = [\"openai\"]", "just words", "ollama_url = \"file:///etc/passwd\""] {
            #expect(throws: QbitelError.self) { try CopilotConfiguration.parse(text) }
        }
    }

    @Test func environmentOverridesTheFileUnderXDGConfigHome() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("qbitel"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "model = \"phi3.5\"\nollama_url = \"http://localhost:1\"\n".write(
            to: dir.appendingPathComponent("qbitel/copilot.toml"), atomically: true, encoding: .utf8)
        let fileOnly = try CopilotConfiguration.load(environment: ["XDG_CONFIG_HOME": dir.path])
        #expect(fileOnly.model == "phi3.5")
        #expect(fileOnly.sourcePath?.hasSuffix("qbitel/copilot.toml") == true)
        let env = try CopilotConfiguration.load(environment: [
            "XDG_CONFIG_HOME": dir.path, "QBITEL_OLLAMA_URL": "http://127.0.0.1:9", "QBITEL_OLLAMA_MODEL": "qwen2.5:1.5b",
        ])
        #expect(env.ollamaURL == "http://127.0.0.1:9")
        #expect(env.model == "qwen2.5:1.5b")
        #expect(throws: QbitelError.self) {
            try CopilotConfiguration.load(environment: ["XDG_CONFIG_HOME": dir.path, "QBITEL_OLLAMA_URL": "ftp://x"])
        }
    }

    @Test func defaultsAreAirGappedAndLocal() throws {
        let c = try CopilotConfiguration.load(environment: ["XDG_CONFIG_HOME": "/nonexistent-qbitel", "ANTHROPIC_API_KEY": "k"])
        #expect(c.ollamaURL == "http://localhost:11434")
        #expect(!c.cloudEnabled)
        #expect(c.requestsPerMinute == 60)
        #expect(Copilot(configuration: c).isAirGapped)
    }
}
