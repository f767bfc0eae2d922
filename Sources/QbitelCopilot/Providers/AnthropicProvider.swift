import Foundation
import QbitelEngine

/// The opt-in cloud fallback: Anthropic's Messages API with SSE streaming. Only built when the configuration
/// allows cloud fallback and a key is in the environment; see `CopilotConfiguration`.
public struct AnthropicProvider: CopilotProvider {
    public let name = "anthropic"
    public let isLocal = false
    public let baseURL: String
    public let model: String
    let apiKey: String
    let timeouts: HTTPTimeouts
    let client: HTTPClient

    /// `caBundle`: a PEM file of certificate authorities to trust instead of the system's (see `HTTPClient`).
    public init(apiKey: String, model: String, baseURL: String = "https://api.anthropic.com",
                timeouts: HTTPTimeouts = HTTPTimeouts(), caBundle: String? = nil) {
        self.apiKey = apiKey
        self.model = model
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeouts = timeouts
        self.client = HTTPClient(caBundle: caBundle)
    }

    public func chat(_ request: ChatRequest, cancel: CancellationFlag) -> AsyncThrowingStream<ChatEvent, Error> {
        let body: Data
        do {
            body = try Self.body(for: request, model: model)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: QbitelError(.internalError, "cannot encode the request: \(error)")) }
        }
        let http = HTTPRequest(method: .post, url: baseURL + "/v1/messages",
                               headers: [("x-api-key", apiKey), ("anthropic-version", "2023-06-01"),
                                         ("content-type", "application/json"), ("accept", "text/event-stream")],
                               body: body, timeouts: timeouts)
        return StreamingTransfer.stream(client: client, request: http, cancel: cancel,
                                        decoder: AnthropicStreamDecoder(model: model)) { head, data in
            Self.error(status: head.status, headers: head.headers, body: data)
        }
    }

    /// System text goes to the top-level `system`; the turns must alternate user/assistant.
    static func body(for request: ChatRequest, model: String) throws -> Data {
        let system = request.messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
        var turns: [[String: String]] = []
        for m in request.messages where m.role != .system {
            let role = m.role == .assistant ? "assistant" : "user"
            if let last = turns.last, last["role"] == role {
                turns[turns.count - 1]["content"] = (last["content"] ?? "") + "\n\n" + m.content
            } else {
                turns.append(["role": role, "content": m.content])
            }
        }
        var object: [String: Any] = ["model": model, "max_tokens": request.maxAnswerTokens, "stream": true,
                                     "temperature": request.temperature, "messages": turns]
        if !system.isEmpty { object["system"] = system }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    static func error(status: Int, headers: [String: String], body: Data) -> QbitelError {
        let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        let text = ((object?["error"] as? [String: Any])?["message"] as? String)
            ?? String(decoding: body.prefix(200), as: UTF8.self)
        var details = ["status": String(status), "server": text]
        if let retry = headers["retry-after"] { details["retry-after"] = retry }
        switch status {
        case 401: return QbitelError(.unauthorized, "anthropic: \(text)", details: details)
        case 403: return QbitelError(.forbidden, "anthropic: \(text)", details: details)
        case 404: return QbitelError(.llmModelNotFound, "anthropic: \(text)", details: details)
        case 400, 413: return QbitelError(.providerBadRequest, "anthropic rejected the request: \(text)", details: details)
        case 429, 529: return QbitelError(.providerBusy, "anthropic is busy: \(text)", details: details)
        case 500...599: return QbitelError(.providerServerError, "anthropic failed (HTTP \(status)): \(text)", details: details)
        default: return QbitelError(.malformedProviderResponse, "anthropic answered HTTP \(status): \(text)", details: details)
        }
    }
}
