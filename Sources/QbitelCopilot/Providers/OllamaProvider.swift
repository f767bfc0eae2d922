import Foundation
import QbitelEngine

/// A model the Ollama server has, from `GET /api/tags`.
public struct OllamaModel: Sendable, Equatable {
    /// Always with its tag: `llama3.2:3b`, `qwen2.5:latest`.
    public var name: String
    public var sizeBytes: Int64?
    public var parameterSize: String?
    public var quantization: String?

    public init(name: String, sizeBytes: Int64? = nil, parameterSize: String? = nil, quantization: String? = nil) {
        self.name = name
        self.sizeBytes = sizeBytes
        self.parameterSize = parameterSize
        self.quantization = quantization
    }

    /// Ollama names without a tag mean `:latest`; compare names after this.
    public static func normalise(_ name: String) -> String {
        let n = name.trimmingCharacters(in: .whitespaces)
        let last = n.split(separator: "/").last.map(String.init) ?? n
        return last.contains(":") ? n : n + ":latest"
    }
}

/// The primary provider: a local Ollama over its native HTTP API (`/api/version`, `/api/tags`, `/api/chat`).
public struct OllamaProvider: CopilotProvider {
    public let name = "ollama"
    public let baseURL: String
    public let timeouts: HTTPTimeouts
    let client: HTTPClient

    /// `caBundle`: a PEM file of certificate authorities to trust for an `https://` Ollama (see `HTTPClient`).
    public init(baseURL: String, timeouts: HTTPTimeouts = HTTPTimeouts(), caBundle: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeouts = timeouts
        self.client = HTTPClient(caBundle: caBundle)
    }

    /// Loopback or a private address: requests to it do not leave the analyst's network.
    public var isLocal: Bool {
        guard let host = URLComponents(string: baseURL)?.host?.lowercased() else { return false }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.") || host.hasPrefix("10.")
            || host.hasPrefix("192.168.") || host.hasSuffix(".local")
    }

    /// The server's version string (`GET /api/version`).
    public func version(timeouts: HTTPTimeouts? = nil) async throws -> String {
        let data = try await get("/api/version", timeouts: timeouts)
        guard let v = try? JSONDecoder().decode(OllamaWire.Version.self, from: data) else {
            throw QbitelError(.malformedProviderResponse, "\(baseURL)/api/version did not answer with a version")
        }
        return v.version
    }

    /// The models the server has (`GET /api/tags`).
    public func models(timeouts: HTTPTimeouts? = nil) async throws -> [OllamaModel] {
        let data = try await get("/api/tags", timeouts: timeouts)
        guard let tags = try? JSONDecoder().decode(OllamaWire.Tags.self, from: data) else {
            throw QbitelError(.malformedProviderResponse, "\(baseURL)/api/tags did not answer with a model list")
        }
        return tags.models.map {
            OllamaModel(name: $0.name, sizeBytes: $0.size, parameterSize: $0.details?.parameter_size,
                        quantization: $0.details?.quantization_level)
        }
    }

    public func chat(_ request: ChatRequest, cancel: CancellationFlag) -> AsyncThrowingStream<ChatEvent, Error> {
        let body: Data
        do {
            body = try OllamaWire.body(for: request, stream: true)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: QbitelError(.internalError, "cannot encode the request: \(error)")) }
        }
        let http = HTTPRequest(method: .post, url: baseURL + "/api/chat",
                               headers: [("Content-Type", "application/json"), ("Accept", "application/x-ndjson")],
                               body: body, timeouts: timeouts)
        let url = baseURL
        return StreamingTransfer.stream(client: client, request: http, cancel: cancel,
                                        decoder: OllamaStreamDecoder(model: request.model)) { head, data in
            Self.error(status: head.status, body: data, baseURL: url)
        }
    }

    /// One answer without streaming (`"stream": false`): the whole text and the counts at once.
    public func complete(_ request: ChatRequest, cancel: CancellationFlag = CancellationFlag()) async throws -> (String, ChatStats) {
        let http = HTTPRequest(method: .post, url: baseURL + "/api/chat", headers: [("Content-Type", "application/json")],
                               body: try OllamaWire.body(for: request, stream: false), timeouts: timeouts)
        let (head, data) = try await StreamingTransfer.fetch(client: client, request: http, cancel: cancel)
        guard head.isSuccess else { throw Self.error(status: head.status, body: data, baseURL: baseURL) }
        guard let chunk = try? JSONDecoder().decode(OllamaWire.Chunk.self, from: data) else {
            throw QbitelError(.malformedProviderResponse, "ollama's answer is not a chat object")
        }
        if let error = chunk.error { throw QbitelError(.providerServerError, "ollama: \(error)", details: ["server": error]) }
        guard chunk.done == true else { throw QbitelError(.streamInterrupted, "ollama's answer is not done") }
        return (chunk.message?.content ?? "", OllamaStreamDecoder.stats(chunk, model: request.model))
    }

    private func get(_ path: String, timeouts override: HTTPTimeouts?) async throws -> Data {
        let http = HTTPRequest(method: .get, url: baseURL + path, timeouts: override ?? timeouts)
        let (head, data) = try await StreamingTransfer.fetch(client: client, request: http)
        guard head.isSuccess else { throw Self.error(status: head.status, body: data, baseURL: baseURL) }
        return data
    }

    /// Maps an error status to a typed error carrying the server's own text. Ollama's errors are JSON
    /// `{"error": …}`; a plain-text 404 means the route does not exist, so the URL is not an Ollama.
    static func error(status: Int, body: Data, baseURL: String) -> QbitelError {
        let serverText = (try? JSONDecoder().decode(OllamaWire.ErrorBody.self, from: body))?.error
        let text = serverText ?? String(decoding: body.prefix(200), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let details = ["status": String(status), "server": text]
        switch status {
        case 404 where serverText != nil:
            return QbitelError(.llmModelNotFound, "ollama: \(text) (try `ollama pull`)", details: details)
        case 404:
            return QbitelError(.malformedProviderResponse, "\(baseURL) is not an Ollama API (404 \(text))", details: details)
        case 400, 413, 422:
            return QbitelError(.providerBadRequest, "ollama rejected the request: \(text)", details: details)
        case 401: return QbitelError(.unauthorized, "ollama: \(text)", details: details)
        case 403: return QbitelError(.forbidden, "ollama: \(text)", details: details)
        case 429, 503: return QbitelError(.providerBusy, "ollama is busy: \(text)", details: details)
        case 500...599: return QbitelError(.providerServerError, "ollama failed (HTTP \(status)): \(text)", details: details)
        default: return QbitelError(.malformedProviderResponse, "ollama answered HTTP \(status): \(text)", details: details)
        }
    }
}
