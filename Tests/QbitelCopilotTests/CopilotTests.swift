import Foundation
import QbitelEngine
import Synchronization
import Testing
@testable import QbitelCopilot

/// Sends to the loopback server with a model the test switches, so a provider can fail and then recover.
final class SwitchableProvider: CopilotProvider {
    let name = "ollama"
    let isLocal = true
    let inner: OllamaProvider
    let model: Mutex<String>
    let calls = Atomic<Int>(0)

    init(baseURL: String, model: String) {
        inner = OllamaProvider(baseURL: baseURL, timeouts: testTimeouts())
        self.model = Mutex(model)
    }

    func chat(_ request: ChatRequest, cancel: CancellationFlag) -> AsyncThrowingStream<ChatEvent, Error> {
        calls.add(1, ordering: .relaxed)
        var r = request
        r.model = model.withLock { $0 }
        return inner.chat(r, cancel: cancel)
    }
}

/// Keeps what the copilot saves.
final class MemorySink: ConversationSink {
    let saved = Mutex<[CopilotExchange]>([])
    func record(_ exchange: CopilotExchange) throws { saved.withLock { $0.append(exchange) } }
}

@Suite struct CopilotTests {
    func config(url: String, model: String = "tiny") -> CopilotConfiguration {
        var c = CopilotConfiguration()
        c.ollamaURL = url
        c.model = model
        c.timeouts = testTimeouts()
        c.contextTokens = 2048
        c.maxAnswerTokens = 128
        return c
    }

    func selection() -> CopilotSelection {
        CopilotSelection(captureName: "t.pcap", messageNumber: 3, flow: "10.0.0.1:5000 > 10.0.0.2:7000/udp",
                         direction: .clientToServer, bytes: [0x01, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef],
                         fields: [InferredField(offset: 0, length: 1, kind: .enumeration, confidence: 0.9),
                                  InferredField(offset: 1, length: 2, kind: .length, confidence: 0.8, endianness: .big),
                                  InferredField(offset: 3, length: 4, kind: .bytes, confidence: 0.4)])
    }

    @Test func answersAndSavesTheExchangeWithTokenCounts() async throws {
        let server = try await sharedServer()
        let sink = MemorySink()
        let copilot = Copilot(configuration: config(url: server.baseURL), sink: sink)
        #expect(copilot.status == .airGapped)
        let marker = uniqueMarker()
        let (text, answer) = try await collect(copilot.ask("what is this? \(marker)", selection: selection(), conversationID: "c1"))
        #expect(text == "Hello from tiny.")
        #expect(answer?.stats.answerTokens == 3)
        let saved = try #require(sink.saved.withLock { $0.first })
        #expect(saved.conversationID == "c1")
        #expect(saved.answer == "Hello from tiny.")
        #expect(saved.promptTokens == 42)
        #expect(saved.messageNumber == 3)
        #expect(saved.errorCode == nil)
        // The prompt that went out carries the fenced hex of the selection.
        let body = try #require(try await server.requests(containing: marker).first?.body)
        #expect(body.contains("01 00 04 de ad be ef"))
        #expect(body.contains("CAPTURE-DATA"))
    }

    @Test func fieldNamingAnswersBecomePendingSuggestions() async throws {
        let server = try await sharedServer()
        let copilot = Copilot(configuration: config(url: server.baseURL, model: "json"))
        let marker = uniqueMarker()
        let (_, answer) = try await collect(copilot.ask(marker, action: .nameFields, selection: selection()))
        let suggestions = try #require(answer?.suggestions)
        #expect(suggestions.map(\.name) == ["msg_type", "body_length"])
        #expect(suggestions.allSatisfy { $0.decision == .pending })
        let sent = try #require(try await server.requests(containing: marker).first?.body)
        #expect(sent.contains("\"format\":\"json\""))
    }

    @Test func theCircuitOpensAfterThreeFailuresAndClosesAfterASuccess() async throws {
        let server = try await sharedServer()
        let clock = ManualClock()
        let provider = SwitchableProvider(baseURL: server.baseURL, model: "boom")
        let copilot = Copilot(configuration: config(url: server.baseURL), providers: [provider], clock: clock)
        for _ in 0..<3 {
            #expect(await errorCode { _ = try await collect(copilot.ask("q")) } == 3005)
        }
        #expect(copilot.status == .circuitOpen(retryInSeconds: 60))
        // Open: refused without a request.
        #expect(await errorCode { _ = try await collect(copilot.ask("q")) } == 3008)
        #expect(provider.calls.load(ordering: .relaxed) == 3)
        clock.advance(59)
        #expect(await errorCode { _ = try await collect(copilot.ask("q")) } == 3008)
        // Half-open after 60 s: one trial goes through; the server has recovered, so the circuit closes.
        clock.advance(1)
        provider.model.withLock { $0 = "tiny" }
        let (text, _) = try await collect(copilot.ask("q"))
        #expect(text == "Hello from tiny.")
        #expect(copilot.status == .airGapped)
        #expect(provider.calls.load(ordering: .relaxed) == 4)
    }

    @Test func aFailedHalfOpenTrialReopensTheCircuit() async throws {
        let server = try await sharedServer()
        let clock = ManualClock()
        let provider = SwitchableProvider(baseURL: server.baseURL, model: "boom")
        let copilot = Copilot(configuration: config(url: server.baseURL), providers: [provider], clock: clock)
        for _ in 0..<3 { _ = await errorCode { _ = try await collect(copilot.ask("q")) } }
        clock.advance(60)
        #expect(await errorCode { _ = try await collect(copilot.ask("q")) } == 3005)
        #expect(await errorCode { _ = try await collect(copilot.ask("q")) } == 3008)
    }

    @Test func aModelErrorDoesNotOpenTheCircuit() async throws {
        let server = try await sharedServer()
        let copilot = Copilot(configuration: config(url: server.baseURL, model: "absent"), clock: ManualClock())
        for _ in 0..<4 {
            #expect(await errorCode { _ = try await collect(copilot.ask("q")) } == 3003)
        }
    }

    @Test func theRateLimitRefusesAndRecoversWithTime() async throws {
        let server = try await sharedServer()
        let clock = ManualClock()
        var c = config(url: server.baseURL)
        c.requestsPerMinute = 2
        let copilot = Copilot(configuration: c, clock: clock)
        let marker = uniqueMarker()
        _ = try await collect(copilot.ask("one \(marker)"))
        _ = try await collect(copilot.ask("two \(marker)"))
        #expect(await errorCode { _ = try await collect(copilot.ask("three \(marker)")) } == 3009)
        #expect(try await server.requests(containing: marker).count == 2)
        clock.advance(60)
        _ = try await collect(copilot.ask("four"))
    }

    @Test func connectionFailuresAreRetriedWithGrowingBackoff() async throws {
        let clock = ManualClock()
        let c = config(url: "http://127.0.0.1:\(FakeOllamaServer.deadPort())")
        let copilot = Copilot(configuration: c, clock: clock, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.5, maxDelay: 4))
        #expect(await errorCode { _ = try await collect(copilot.ask("q")) } == 3001)
        let sleeps = clock.sleeps
        #expect(sleeps.count == 2)
        #expect(sleeps[0] >= 0.25 && sleeps[0] <= 0.5)
        #expect(sleeps[1] >= 0.5 && sleeps[1] <= 1.0)
        #expect(copilot.status == .offline)
    }

    @Test func halfStreamedAnswersAndServerErrorsAreNotReplayed() async throws {
        let server = try await sharedServer()
        let clock = ManualClock()
        let marker = uniqueMarker()
        for model in ["drop", "boom"] {
            let copilot = Copilot(configuration: config(url: server.baseURL, model: model), clock: clock)
            _ = await errorCode { _ = try await collect(copilot.ask("q-\(model) \(marker)")) }
        }
        let log = try await server.requests(containing: marker)
        #expect(log.count == 2)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aTooLongQuestionIsRefusedBeforeAnyRequest() async throws {
        let server = try await sharedServer()
        let copilot = Copilot(configuration: config(url: server.baseURL))
        let marker = uniqueMarker()
        let long = marker + String(repeating: "x", count: 10_001)
        #expect(await errorCode { _ = try await collect(copilot.ask(long)) } == 3010)
        #expect(try await server.requests(containing: marker).isEmpty)
    }

    @Test func cloudFallbackIsRefusedUnlessEnabled() async throws {
        let server = try await sharedServer()
        var c = config(url: "http://127.0.0.1:\(FakeOllamaServer.deadPort())")
        c.providerOrder = ["ollama", "anthropic"]
        c.anthropicURL = server.baseURL
        try c.applyEnvironment(["ANTHROPIC_API_KEY": "sk-test"])
        #expect(!c.cloudEnabled)
        let copilot = Copilot(configuration: c, clock: ManualClock(), retry: RetryPolicy(maxAttempts: 1))
        #expect(copilot.isAirGapped)
        let marker = uniqueMarker()
        do {
            _ = try await collect(copilot.ask("q \(marker)"))
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .providerUnreachable)
            #expect(e.message.contains("air-gapped"))
        }
        #expect(try await server.requests(containing: marker).isEmpty)

        // Only a cloud provider, not enabled: refused with its own code.
        var cloudOnly = c
        cloudOnly.providerOrder = ["anthropic"]
        #expect(await errorCode { _ = try await collect(Copilot(configuration: cloudOnly).ask("q \(marker)")) } == 3012)
        #expect(try await server.requests(containing: marker).isEmpty)
    }

    @Test func cloudFallbackAnswersWhenEnabledWithAKey() async throws {
        let server = try await sharedServer()
        var c = config(url: "http://127.0.0.1:\(FakeOllamaServer.deadPort())")
        c.providerOrder = ["ollama", "anthropic"]
        c.anthropicURL = server.baseURL
        c.allowCloudFallback = true
        try c.applyEnvironment(["ANTHROPIC_API_KEY": "sk-test"])
        let copilot = Copilot(configuration: c, clock: ManualClock(), retry: RetryPolicy(maxAttempts: 1))
        #expect(!copilot.isAirGapped)
        let marker = uniqueMarker()
        let (text, answer) = try await collect(copilot.ask("q \(marker)", selection: selection()))
        #expect(text == "Cloud says hi.")
        #expect(answer?.stats.provider == "anthropic")
        #expect(answer?.stats.answerTokens == 3)
        #expect(answer?.stats.promptTokens == 17)
        let sent = try #require(try await server.requests(containing: marker).first)
        #expect(sent.path == "/v1/messages")
        #expect(sent.apiKey == "sk-test")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        #expect(body["system"] is String)
        #expect(body["max_tokens"] as? Int == 128)
    }

    @Test func cancellingTheConsumerAbortsTheAnswerAndShowsBusyMeanwhile() async throws {
        let server = try await sharedServer()
        let sink = MemorySink()
        let copilot = Copilot(configuration: config(url: server.baseURL, model: "stall"), sink: sink)
        let start = Date()
        let gotFirst = Atomic<Bool>(false)
        let task = Task {
            for try await event in copilot.ask("q") {
                if case .delta = event { gotFirst.store(true, ordering: .relaxed) }
            }
        }
        while !gotFirst.load(ordering: .relaxed) && Date().timeIntervalSince(start) < 5 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(copilot.status == .busy)
        task.cancel()
        _ = await task.result
        var waited = 0
        while copilot.status == .busy && waited < 100 { try await Task.sleep(for: .milliseconds(20)); waited += 1 }
        #expect(copilot.status == .airGapped)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(sink.saved.withLock { $0.first?.errorCode } == 3011)
    }

    @Test func theProbeReportsVersionAndModelPresence() async throws {
        let server = try await sharedServer()
        let present = await Copilot(configuration: config(url: server.baseURL, model: "tiny")).probe()
        #expect(present.reachable)
        #expect(present.version == "0.5.1-test")
        #expect(present.modelPresent)
        #expect(present.summary.contains("air-gapped"))
        let missing = await Copilot(configuration: config(url: server.baseURL, model: "qwen2.5:3b")).probe()
        #expect(missing.reachable && !missing.modelPresent)
        let dead = Copilot(configuration: config(url: "http://127.0.0.1:\(FakeOllamaServer.deadPort())"))
        let offline = await dead.probe(timeout: 1)
        #expect(!offline.reachable)
        #expect(offline.error?.code == .providerUnreachable)
        #expect(dead.status == .offline)
    }
}
