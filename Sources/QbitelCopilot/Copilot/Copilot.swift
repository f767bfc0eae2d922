import Foundation
import Logging
import QbitelEngine
import Synchronization

/// The copilot the workbench and `qbitel ask` talk to: builds the prompt from a selection, sends it to the first
/// healthy provider (Ollama first; the cloud only when enabled), and streams the answer.
///
/// Resilience lives here: a circuit breaker per provider, retries with back-off for connection failures only
/// (never after a byte of the answer arrived), a requests-per-minute limit, and the 10,000-character question cap.
/// All of it runs on the injected clock.
public final class Copilot: Sendable {
    public let configuration: CopilotConfiguration
    let providers: [any CopilotProvider]
    /// True when the configuration lists a cloud provider that is not enabled (no opt-in or no key).
    let cloudRefused: Bool
    let clock: any CopilotClock
    let retry: RetryPolicy
    let sink: (any ConversationSink)?
    let state: Mutex<CopilotState>
    let logger = Logger(label: "qbitel.copilot")

    /// The copilot for a configuration: Ollama, plus Anthropic only when `configuration.cloudEnabled`.
    public convenience init(configuration: CopilotConfiguration, clock: any CopilotClock = SystemClock(),
                            retry: RetryPolicy = RetryPolicy(), sink: (any ConversationSink)? = nil) {
        var providers: [any CopilotProvider] = []
        for name in configuration.providerOrder {
            switch name {
            case "ollama":
                providers.append(OllamaProvider(baseURL: configuration.ollamaURL, timeouts: configuration.timeouts,
                                                caBundle: configuration.caBundle))
            case "anthropic" where configuration.cloudEnabled:
                providers.append(AnthropicProvider(apiKey: configuration.anthropicAPIKey ?? "", model: configuration.anthropicModel,
                                                   baseURL: configuration.anthropicURL, timeouts: configuration.timeouts,
                                                   caBundle: configuration.caBundle))
            default:
                break
            }
        }
        self.init(configuration: configuration, providers: providers, clock: clock, retry: retry, sink: sink)
    }

    /// A copilot over explicit providers (tests, or a workbench with its own provider).
    public init(configuration: CopilotConfiguration, providers: [any CopilotProvider], clock: any CopilotClock = SystemClock(),
                retry: RetryPolicy = RetryPolicy(), sink: (any ConversationSink)? = nil) {
        self.configuration = configuration
        self.providers = providers
        self.cloudRefused = configuration.providerOrder.contains("anthropic") && !configuration.cloudEnabled
        self.clock = clock
        self.retry = retry
        self.sink = sink
        self.state = Mutex(CopilotState(providerNames: providers.map(\.name), requestsPerMinute: configuration.requestsPerMinute))
    }

    /// True when no provider sends anything off this machine.
    public var isAirGapped: Bool { providers.allSatisfy(\.isLocal) }

    /// The status-bar state, cheap to read from any thread.
    public var status: CopilotStatus {
        let now = clock.now()
        return state.withLock { s in
            if s.inFlight > 0 { return .busy }
            if let first = providers.first, let wait = s.breakers[first.name]?.retryAfter(now: now),
               providers.dropFirst().allSatisfy({ s.breakers[$0.name]?.isOpen == true }) {
                return .circuitOpen(retryInSeconds: Int(wait.rounded(.up)))
            }
            if s.offline || providers.isEmpty { return .offline }
            return isAirGapped ? .airGapped : .ready
        }
    }

    /// Asks a question, optionally as a quick action about a selection, and streams the answer. Cancel by ending
    /// the consuming task (or breaking out of the loop): the HTTP transfer is aborted.
    public func ask(_ question: String, action: QuickAction? = nil, selection: CopilotSelection? = nil,
                    history: [ChatMessage] = [], conversationID: String = UUID().uuidString) -> AsyncThrowingStream<CopilotEvent, Error> {
        let cancel = CancellationFlag()
        // One correlation id per request, on every log line it writes and on the error it ends with.
        let requestID = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var log = logger
        log[metadataKey: "correlation_id"] = .string(requestID)
        return AsyncThrowingStream { [log] continuation in
            let task = Task {
                log.info("copilot request", metadata: ["conversation": "\(conversationID)", "action": "\(action.map { "\($0)" } ?? "question")"])
                do {
                    try await self.run(question: question, action: action, selection: selection, history: history,
                                       conversationID: conversationID, cancel: cancel, log: log) { continuation.yield($0) }
                    log.info("copilot answer finished")
                    continuation.finish()
                } catch let e as QbitelError {
                    log.error("copilot request failed", metadata: ["code": "\(e.code.rawValue)", "error": "\(e.message)"])
                    continuation.finish(throwing: e.with(correlationID: requestID))
                } catch {
                    log.error("copilot request failed", metadata: ["error": "\(error)"])
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { reason in
                if case .cancelled = reason {
                    cancel.cancel()
                    task.cancel()
                }
            }
        }
    }

    /// The cheap health probe: `GET /api/version` and `GET /api/tags` with short timeouts.
    public func probe(timeout: Double = 3) async -> CopilotHealth {
        let url = configuration.ollamaURL
        let provider = providers.compactMap { $0 as? OllamaProvider }.first ?? OllamaProvider(baseURL: url)
        let t = HTTPTimeouts(connect: min(timeout, 2), firstByte: timeout, idle: timeout, total: timeout)
        var health = CopilotHealth(url: provider.baseURL, reachable: false, model: configuration.model, airGapped: isAirGapped)
        do {
            health.version = try await provider.version(timeouts: t)
            health.reachable = true
            let models = try await provider.models(timeouts: t).map(\.name)
            health.models = models
            let wanted = OllamaModel.normalise(configuration.model)
            health.modelPresent = models.contains { OllamaModel.normalise($0) == wanted }
        } catch let e as QbitelError {
            health.error = e
        } catch {
            health.error = QbitelError(.providerUnreachable, "\(error)")
        }
        let reachable = health.reachable
        state.withLock { $0.offline = !reachable }
        return health
    }

    // MARK: - The request path

    private func run(question: String, action: QuickAction?, selection: CopilotSelection?, history: [ChatMessage],
                     conversationID: String, cancel: CancellationFlag, log: Logger, yield: (CopilotEvent) -> Void) async throws {
        let builder = PromptBuilder(contextTokens: configuration.contextTokens, maxAnswerTokens: configuration.maxAnswerTokens)
        let prompt = try builder.build(question: question, action: action, selection: selection, history: history)
        let now = clock.now()
        let admitted = state.withLock { $0.limiter.tryAcquire(now: now) }
        guard admitted else {
            let wait = state.withLock { $0.limiter.waitTime(now: now) }
            throw QbitelError(.rateLimited, "more than \(configuration.requestsPerMinute) questions a minute; try again in \(Int(wait.rounded(.up))) s")
        }
        guard !providers.isEmpty else {
            if cloudRefused {
                throw QbitelError(.cloudNotAllowed, "only a cloud provider is configured and cloud fallback is off (air-gapped)")
            }
            throw QbitelError(.providerUnreachable, "no copilot provider is configured")
        }
        let request = ChatRequest(model: configuration.model, messages: prompt.messages, temperature: configuration.temperature,
                                  contextTokens: configuration.contextTokens, maxAnswerTokens: configuration.maxAnswerTokens,
                                  wantsJSON: action?.wantsJSON ?? false, keepAlive: configuration.keepAlive)
        state.withLock { $0.inFlight += 1 }
        defer { state.withLock { $0.inFlight -= 1 } }

        let started = Date()
        var text = ""
        var lastError: QbitelError?
        var usedProvider: String?
        for provider in providers {
            let allowed = state.withLock { $0.breakers[provider.name, default: CircuitBreaker()].allowsRequest(now: clock.now()) }
            guard allowed else {
                let wait = state.withLock { $0.breakers[provider.name]?.retryAfter(now: clock.now()) ?? 0 }
                lastError = QbitelError(.circuitOpen, "\(provider.name) failed repeatedly; paused for \(Int(wait.rounded(.up))) s more")
                continue
            }
            usedProvider = provider.name
            var providerRequest = request
            if !(provider is OllamaProvider) { providerRequest.model = configuration.anthropicModel }
            do {
                let stats = try await attempt(provider, providerRequest, cancel: cancel, log: log) { piece in
                    text += piece
                    yield(.delta(piece))
                }
                state.withLock {
                    $0.breakers[provider.name, default: CircuitBreaker()].recordSuccess()
                    $0.offline = false
                }
                var answer = CopilotAnswer(text: text, stats: stats, trimLevel: prompt.trimLevel)
                if let action, action.wantsJSON {
                    do {
                        answer.suggestions = try FieldSuggestion.parse(text, fields: selection?.fields ?? [], expecting: action)
                    } catch let e as QbitelError {
                        answer.suggestionError = e
                    }
                }
                save(conversationID, selection, action, question, text, stats.provider, stats, started, nil)
                yield(.finished(answer))
                return
            } catch {
                let e = Self.typed(error, cancelled: cancel.isCancelled || Task.isCancelled)
                if e.code == .copilotCancelled {
                    save(conversationID, selection, action, question, text, provider.name, nil, started, e.code)
                    throw e
                }
                if Self.countsAsProviderFailure(e.code) {
                    let now = clock.now()
                    state.withLock {
                        $0.breakers[provider.name, default: CircuitBreaker()].recordFailure(now: now)
                        if e.code == .providerUnreachable || e.code == .providerTimeout { $0.offline = true }
                    }
                }
                lastError = e
                // A half-streamed answer is never replayed, and a model or request error is not the provider being down.
                if !text.isEmpty || !Self.countsAsProviderFailure(e.code) {
                    save(conversationID, selection, action, question, text, provider.name, nil, started, e.code)
                    throw e
                }
            }
        }
        var final = lastError ?? QbitelError(.providerUnreachable, "no provider answered")
        if final.code == .providerUnreachable {
            final.message += " — copilot offline: start Ollama (`ollama serve`) or set QBITEL_OLLAMA_URL"
        }
        if cloudRefused {
            final.message += " (cloud fallback is off: air-gapped)"
            final.details["cloud"] = "refused"
        }
        save(conversationID, selection, action, question, text, usedProvider, nil, started, final.code)
        throw final
    }

    /// One provider, with retries for connection failures before any byte of the answer arrived.
    private func attempt(_ provider: any CopilotProvider, _ request: ChatRequest, cancel: CancellationFlag, log: Logger,
                         onText: (String) -> Void) async throws -> ChatStats {
        var attemptNumber = 1
        while true {
            var delivered = false
            do {
                for try await event in provider.chat(request, cancel: cancel) {
                    switch event {
                    case .delta(let piece):
                        delivered = true
                        onText(piece)
                    case .done(let stats):
                        return stats
                    }
                }
                if cancel.isCancelled || Task.isCancelled { throw QbitelError(.copilotCancelled, "the request was cancelled") }
                throw QbitelError(.streamInterrupted, "the answer stream ended before it was done")
            } catch {
                guard !delivered, attemptNumber < retry.maxAttempts, RetryPolicy.isConnectionFailure(error),
                      !cancel.isCancelled else { throw error }
                let delay = retry.delay(beforeRetry: attemptNumber, unit: Double.random(in: 0...1))
                log.debug("retrying \(provider.name) in \(delay) s: \(error)")
                try await clock.sleep(seconds: delay)
                attemptNumber += 1
            }
        }
    }

    private func save(_ id: String, _ selection: CopilotSelection?, _ action: QuickAction?, _ question: String,
                      _ answer: String, _ provider: String?, _ stats: ChatStats?, _ started: Date, _ code: ErrorCode?) {
        guard let sink else { return }
        let exchange = CopilotExchange(
            conversationID: id, captureName: selection?.captureName, messageNumber: selection?.messageNumber,
            action: action, question: question, answer: answer, provider: provider,
            model: stats?.model ?? configuration.model, promptTokens: stats?.promptTokens, answerTokens: stats?.answerTokens,
            startedAt: started, durationSeconds: Date().timeIntervalSince(started), errorCode: code?.rawValue)
        do {
            try sink.record(exchange)
        } catch {
            logger.warning("the conversation could not be saved: \(error)")
        }
    }

    static func typed(_ error: Error, cancelled: Bool) -> QbitelError {
        if cancelled { return QbitelError(.copilotCancelled, "the request was cancelled") }
        if let e = error as? QbitelError { return e }
        if error is CancellationError { return QbitelError(.copilotCancelled, "the request was cancelled") }
        return QbitelError(.internalError, "\(error)")
    }

    /// Failures that say the provider is unwell (and count toward its breaker), as opposed to a bad request.
    static func countsAsProviderFailure(_ code: ErrorCode) -> Bool {
        switch code {
        case .providerUnreachable, .providerTimeout, .providerServerError, .streamInterrupted,
             .malformedProviderResponse, .providerBusy:
            return true
        default:
            return false
        }
    }
}

/// The copilot's mutable state, kept behind one lock.
struct CopilotState: Sendable {
    var breakers: [String: CircuitBreaker]
    var limiter: RateLimiter
    var inFlight = 0
    var offline = false

    init(providerNames: [String], requestsPerMinute: Int) {
        breakers = Dictionary(providerNames.map { ($0, CircuitBreaker()) }, uniquingKeysWith: { a, _ in a })
        limiter = RateLimiter(limit: requestsPerMinute, window: 60)
    }
}
