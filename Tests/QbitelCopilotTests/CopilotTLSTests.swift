import Foundation
import QbitelEngine
import Testing
@testable import QbitelCopilot

/// The cloud provider over real TLS: the fake server speaks Anthropic's SSE API over HTTPS on loopback with a
/// throw-away self-signed certificate made for the run, and the copilot trusts it only through `ca_bundle`.
/// Where the tests find openssl to make their certificates.
private let opensslPath = "/usr/bin/openssl"

@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: opensslPath), "needs openssl to make a certificate"))
struct CopilotTLSTests {
    static let openssl = opensslPath

    /// A certificate and key for 127.0.0.1 and localhost in a new temporary folder.
    static func makeCertificate(in dir: String, name: String) throws -> (cert: String, key: String) {
        let cert = "\(dir)/\(name).pem", key = "\(dir)/\(name)-key.pem"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: openssl)
        p.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                       "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw QbitelTestError.serverDidNotStart }
        return (cert, key)
    }

    struct Fixture {
        let dir: String
        let server: FakeOllamaServer
        let trusted: String
        let stranger: String
        var httpsURL: String { "https://127.0.0.1:\(server.port)" }
    }

    static func fixture() async throws -> Fixture {
        let dir = NSTemporaryDirectory() + "qbitel-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let served = try makeCertificate(in: dir, name: "server")
        let other = try makeCertificate(in: dir, name: "other")
        let server = try await FakeOllamaServer.start(environment: ["TLS_CERT": served.cert, "TLS_KEY": served.key])
        return Fixture(dir: dir, server: server, trusted: served.cert, stranger: other.cert)
    }

    /// Ollama unreachable, the cloud allowed with a key and reached over HTTPS, trusting `caBundle`.
    static func cloudConfiguration(_ f: Fixture, caBundle: String?) throws -> CopilotConfiguration {
        var c = CopilotConfiguration()
        c.ollamaURL = "http://127.0.0.1:\(FakeOllamaServer.deadPort())"
        c.providerOrder = ["ollama", "anthropic"]
        c.anthropicURL = f.httpsURL
        c.allowCloudFallback = true
        c.timeouts = testTimeouts()
        var env = ["ANTHROPIC_API_KEY": "sk-test"]
        if let caBundle { env["QBITEL_CA_BUNDLE"] = caBundle }
        try c.applyEnvironment(env)
        return c
    }

    @Test func streamedAnswerArrivesOverTLSWithTheBundleTrusted() async throws {
        let f = try await Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        let c = try Self.cloudConfiguration(f, caBundle: f.trusted)
        #expect(c.caBundle == f.trusted && c.cloudEnabled)
        let copilot = Copilot(configuration: c, clock: ManualClock(), retry: RetryPolicy(maxAttempts: 1))
        let marker = uniqueMarker()
        let (text, answer) = try await collect(copilot.ask("q \(marker)"))
        #expect(text == "Cloud says hi.")
        #expect(answer?.stats.provider == "anthropic")
        #expect(answer?.stats.answerTokens == 3)
        // The request really went over TLS: the server's log is only reachable with the certificate trusted.
        let log = try await StreamingTransfer.fetch(client: HTTPClient(caBundle: f.trusted),
                                                    request: HTTPRequest(method: .get, url: f.httpsURL + "/_log"))
        #expect(log.0.isSuccess)
        #expect(String(decoding: log.1, as: UTF8.self).contains(marker))
    }

    @Test func untrustedCertificateFailsWithATypedCopilotError() async throws {
        let f = try await Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        for bundle in [f.stranger, nil] {
            let c = try Self.cloudConfiguration(f, caBundle: bundle)
            let copilot = Copilot(configuration: c, clock: ManualClock(), retry: RetryPolicy(maxAttempts: 1))
            do {
                _ = try await collect(copilot.ask("q \(uniqueMarker())"))
                Issue.record("expected the TLS handshake to fail with \(bundle ?? "the system store")")
            } catch let e as QbitelError {
                #expect((3000..<4000).contains(e.code.rawValue))
                #expect(e.message.contains("TLS"))
            }
        }
        // The provider on its own says why, with the phase.
        let provider = AnthropicProvider(apiKey: "sk-test", model: "m", baseURL: f.httpsURL, timeouts: testTimeouts(),
                                         caBundle: f.stranger)
        let request = ChatRequest(model: "m", messages: [ChatMessage(.user, "hi")])
        do {
            _ = try await collect(provider.chat(request, cancel: CancellationFlag()))
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .providerUnreachable)
            #expect(e.details["phase"] == "tls")
        }
    }

    @Test func caBundleComesFromTheFileOrTheEnvironmentAndMustExist() throws {
        let dir = NSTemporaryDirectory() + "qbitel-ca-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bundle = try Self.makeCertificate(in: dir, name: "ca").cert
        let fromFile = try CopilotConfiguration.parse("ca_bundle = \"\(bundle)\"\n")
        #expect(fromFile.caBundle == bundle)
        let other = try Self.makeCertificate(in: dir, name: "other").cert
        var overridden = fromFile
        try overridden.applyEnvironment(["QBITEL_CA_BUNDLE": other])
        #expect(overridden.caBundle == other)
        #expect(throws: QbitelError.self) { try CopilotConfiguration.parse("ca_bundle = \"\(dir)/none.pem\"\n") }
        var c = CopilotConfiguration()
        do {
            try c.applyEnvironment(["QBITEL_CA_BUNDLE": "\(dir)/none.pem"])
            Issue.record("expected error 9006")
        } catch let e as QbitelError {
            #expect(e.code == .configInvalid)
        }
    }
}
