import Foundation

/// Ollama's native JSON shapes, as its server reads and writes them (see the API reference).
enum OllamaWire {
    struct Options: Encodable {
        var temperature: Double
        var num_ctx: Int
        var num_predict: Int
    }

    struct ChatBody: Encodable {
        var model: String
        var messages: [ChatMessage]
        var stream: Bool
        var options: Options
        var format: String?
        var keep_alive: String?
    }

    struct Chunk: Decodable {
        struct Content: Decodable {
            var role: String?
            var content: String?
        }
        var model: String?
        var message: Content?
        var done: Bool?
        var done_reason: String?
        var total_duration: Int64?
        var load_duration: Int64?
        var prompt_eval_count: Int?
        var prompt_eval_duration: Int64?
        var eval_count: Int?
        var eval_duration: Int64?
        var error: String?
    }

    struct Version: Decodable { var version: String }

    struct Tags: Decodable {
        struct Model: Decodable {
            var name: String
            var size: Int64?
            var details: Details?
        }
        struct Details: Decodable {
            var parameter_size: String?
            var quantization_level: String?
            var family: String?
        }
        var models: [Model]
    }

    struct ErrorBody: Decodable { var error: String }

    /// Ollama takes a duration with a unit ("5m") or a number of seconds; a bare numeric string is invalid there.
    static func keepAliveValue(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        if Int(text) != nil { return text + "s" }
        return text
    }

    static func body(for request: ChatRequest, stream: Bool) throws -> Data {
        let body = ChatBody(
            model: request.model, messages: request.messages, stream: stream,
            options: Options(temperature: request.temperature, num_ctx: request.contextTokens,
                             num_predict: request.maxAnswerTokens),
            format: request.wantsJSON ? "json" : nil, keep_alive: keepAliveValue(request.keepAlive))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(body)
    }
}
