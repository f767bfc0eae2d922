import QbitelEngine
import Testing
@testable import QbitelCopilot

@Suite struct ResilienceTests {
    @Test func breakerOpensAfterThreeConsecutiveFailuresAndHalfOpensAfter60s() {
        var b = CircuitBreaker()
        b.recordFailure(now: 0)
        b.recordFailure(now: 1)
        b.recordSuccess()
        b.recordFailure(now: 2)
        b.recordFailure(now: 3)
        let a1 = b.allowsRequest(now: 3)
        #expect(a1)
        b.recordFailure(now: 4)
        #expect(b.isOpen)
        let a2 = b.allowsRequest(now: 63.9)
        #expect(!a2)
        #expect(b.retryAfter(now: 34) == 30)
        let a3 = b.allowsRequest(now: 64)
        #expect(a3)
        #expect(b.state == .halfOpen)
        b.recordSuccess()
        #expect(b.state == .closed)
    }

    @Test func rateLimitIsASlidingWindow() {
        var r = RateLimiter(limit: 60, window: 60)
        for i in 0..<60 {
            let ok = r.tryAcquire(now: Double(i) * 0.5)
            #expect(ok)
        }
        let full = r.tryAcquire(now: 30)
        #expect(!full)
        #expect(abs(r.waitTime(now: 30) - 30) < 1e-9)
        let freed = r.tryAcquire(now: 60)
        #expect(freed)
        let again = r.tryAcquire(now: 60.1)
        #expect(!again)
    }

    @Test func backoffGrowsWithJitterAndIsCapped() {
        let p = RetryPolicy(maxAttempts: 5, baseDelay: 0.25, maxDelay: 1)
        #expect(p.delay(beforeRetry: 1, unit: 0) == 0.125)
        #expect(p.delay(beforeRetry: 1, unit: 1) == 0.25)
        #expect(p.delay(beforeRetry: 2, unit: 1) == 0.5)
        #expect(p.delay(beforeRetry: 6, unit: 1) == 1)
        #expect(RetryPolicy.isConnectionFailure(QbitelError(.providerUnreachable, "x", details: ["phase": "connect"])))
        #expect(!RetryPolicy.isConnectionFailure(QbitelError(.providerTimeout, "x")))
        #expect(!RetryPolicy.isConnectionFailure(QbitelError(.streamInterrupted, "x")))
    }

    @Test func lineSplitterJoinsLinesAcrossReads() throws {
        var s = LineSplitter()
        func feed(_ t: String) throws -> [String] { try Array(t.utf8).withUnsafeBytes { try s.feed($0) } }
        let l1 = try feed("{\"a\":")
        let l2 = try feed("1}\r\n{\"b\"")
        let l3 = try feed(":2}\n\n")
        let l4 = try feed("tail")
        #expect(l1 == [] && l4 == [])
        #expect(l2 == ["{\"a\":1}"])
        #expect(l3 == ["{\"b\":2}", ""])
        let rest = s.finish()
        #expect(rest == "tail")
    }

    @Test func sseDecoderAssemblesTextAndStopsAtMessageStop() throws {
        var d = AnthropicStreamDecoder(model: "m")
        var events: [ChatEvent] = []
        let lines = ["event: message_start", #"data: {"type":"message_start","message":{"usage":{"input_tokens":5}}}"#, "",
                     ": comment", "event: ping", #"data: {"type":"ping"}"#, "",
                     "event: content_block_delta", #"data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"Hi"}}"#, "",
                     "event: message_delta", #"data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":9}}"#, "",
                     "event: message_stop", #"data: {"type":"message_stop"}"#, ""]
        for l in lines { events += try d.decode(line: l) }
        events += try d.finish()
        #expect(events == [.delta("Hi"), .done(ChatStats(provider: "anthropic", model: "m", doneReason: "length", promptTokens: 5, answerTokens: 9))])

        var e = AnthropicStreamDecoder(model: "m")
        _ = try e.decode(line: "event: error")
        _ = try e.decode(line: #"data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        #expect(throws: QbitelError.self) { _ = try e.decode(line: "") }
        var f = AnthropicStreamDecoder(model: "m")
        #expect(throws: QbitelError.self) { _ = try f.finish() }
    }
}
