import Foundation
import QbitelEngine
import Testing
@testable import QbitelCopilot

@Suite struct OllamaProviderTests {
    func request(_ model: String, json: Bool = false, marker: String = "") -> ChatRequest {
        ChatRequest(model: model, messages: [ChatMessage(.user, "what is byte 0? \(marker)")], temperature: 0.1,
                    contextTokens: 2048, maxAnswerTokens: 64, wantsJSON: json, keepAlive: "300")
    }

    @Test func assemblesAStreamedAnswerAndItsCounts() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        let (text, stats) = try await collect(provider.chat(request("tiny"), cancel: CancellationFlag()))
        #expect(text == "Hello from tiny.")
        let s = try #require(stats)
        #expect(s.doneReason == "stop")
        #expect(s.promptTokens == 42)
        #expect(s.answerTokens == 3)
        #expect(s.evalNanoseconds == 3_000_000)
        #expect(abs((s.tokensPerSecond ?? 0) - 1000) < 0.001)
    }

    @Test func sendsOptionsNestedAndKeepAliveWithAUnit() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        let marker = uniqueMarker()
        _ = try await collect(provider.chat(request("json", json: true, marker: marker), cancel: CancellationFlag()))
        let sent = try #require(try await server.requests(containing: marker).first { $0.path == "/api/chat" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        #expect(body["stream"] as? Bool == true)
        #expect(body["format"] as? String == "json")
        #expect(body["keep_alive"] as? String == "300s")
        let options = try #require(body["options"] as? [String: Any])
        #expect(options["num_ctx"] as? Int == 2048)
        #expect(options["num_predict"] as? Int == 64)
        #expect(body["num_predict"] == nil)
    }

    @Test func answersWithoutStreaming() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        let marker = uniqueMarker()
        let (text, stats) = try await provider.complete(request("tiny", marker: marker))
        #expect(text == "Hello from tiny.")
        #expect(stats.answerTokens == 3)
        let sent = try #require(try await server.requests(containing: marker).first)
        #expect(sent.body.contains("\"stream\":false"))
    }

    @Test func listsModelsAndVersion() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL + "/", timeouts: testTimeouts())
        #expect(try await provider.version() == "0.5.1-test")
        let names = try await provider.models().map(\.name)
        #expect(names.contains("tiny:latest"))
        #expect(names.map(OllamaModel.normalise).contains(OllamaModel.normalise("tiny")))
        #expect(OllamaModel.normalise("llama3.2:3b") == "llama3.2:3b")
    }

    @Test func unknownModelIsError3003WithTheServersText() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        do {
            _ = try await collect(provider.chat(request("nosuchmodel"), cancel: CancellationFlag()))
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .llmModelNotFound)
            #expect(e.message.contains("model 'nosuchmodel' not found"))
        }
    }

    @Test func serverErrorsBecomeTypedErrors() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        do {
            _ = try await collect(provider.chat(request("boom"), cancel: CancellationFlag()))
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .providerServerError)
            #expect(e.message.contains("the runner crashed"))
            #expect(e.details["status"] == "500")
        }
        #expect(await errorCode { _ = try await collect(provider.chat(request("busy"), cancel: CancellationFlag())) } == 3014)
    }

    @Test func aPlainText404MeansTheURLIsNotOllama() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL + "/wrong", timeouts: testTimeouts())
        #expect(await errorCode { _ = try await collect(provider.chat(request("tiny"), cancel: CancellationFlag())) } == 3007)
    }

    @Test func aStalledStreamTimesOut() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts(idle: 0.3))
        let start = Date()
        var text = ""
        do {
            for try await event in provider.chat(request("stall"), cancel: CancellationFlag()) {
                if case .delta(let s) = event { text += s }
            }
            Issue.record("expected a timeout")
        } catch let e as QbitelError {
            #expect(e.code == .providerTimeout)
            #expect(e.message.contains("stalled"))
        }
        #expect(text == "Hello")
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func aDroppedConnectionMidStreamIsInterrupted() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        var text = ""
        do {
            for try await event in provider.chat(request("drop"), cancel: CancellationFlag()) {
                if case .delta(let s) = event { text += s }
            }
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .streamInterrupted)
        }
        #expect(text == "Hello from")
    }

    @Test func garbageLinesAreRefused() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        #expect(await errorCode { _ = try await collect(provider.chat(request("garbage"), cancel: CancellationFlag())) } == 3007)
    }

    @Test func anErrorLineAfterStreamingBeganIsReported() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts())
        do {
            _ = try await collect(provider.chat(request("midstream"), cancel: CancellationFlag()))
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .streamInterrupted)
            #expect(e.message.contains("out of memory"))
        }
    }

    @Test func aSlowFirstByteIsWaitedForButNotForever() async throws {
        let server = try await sharedServer()
        // First byte after 1.5 s: fine with a 5 s first-byte limit even though the idle limit is 0.5 s.
        let patient = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts(firstByte: 5, idle: 0.5))
        let (text, _) = try await collect(patient.chat(request("slowfirst"), cancel: CancellationFlag()))
        #expect(text == "Hello from slowfirst.")
        let impatient = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts(firstByte: 0.4, idle: 5))
        let start = Date()
        #expect(await errorCode { _ = try await collect(impatient.chat(request("nofirst"), cancel: CancellationFlag())) } == 3002)
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func nothingListeningIsUnreachableAtConnect() async throws {
        let provider = OllamaProvider(baseURL: "http://127.0.0.1:\(FakeOllamaServer.deadPort())", timeouts: testTimeouts())
        do {
            _ = try await collect(provider.chat(request("tiny"), cancel: CancellationFlag()))
            Issue.record("expected an error")
        } catch let e as QbitelError {
            #expect(e.code == .providerUnreachable)
            #expect(RetryPolicy.isConnectionFailure(e))
        }
    }

    @Test func cancellingStopsAStreamingTransfer() async throws {
        let server = try await sharedServer()
        let provider = OllamaProvider(baseURL: server.baseURL, timeouts: testTimeouts(idle: 30))
        let cancel = CancellationFlag()
        let start = Date()
        do {
            for try await event in provider.chat(request("stall"), cancel: cancel) {
                if case .delta = event { cancel.cancel() }
            }
            Issue.record("expected cancellation")
        } catch let e as QbitelError {
            #expect(e.code == .copilotCancelled)
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func localityFollowsTheHost() {
        #expect(OllamaProvider(baseURL: "http://localhost:11434").isLocal)
        #expect(OllamaProvider(baseURL: "http://127.0.0.1:1").isLocal)
        #expect(!OllamaProvider(baseURL: "https://llm.example.com").isLocal)
    }
}
