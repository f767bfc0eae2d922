import Foundation
import QbitelEngine

/// Reads the Anthropic Messages API's server-sent events: text from `content_block_delta`, counts from
/// `message_start` and `message_delta`, the end at `message_stop`, and an `error` event even after a 200.
struct AnthropicStreamDecoder: StreamDecoder {
    let model: String
    private var event = ""
    private var data = ""
    private var promptTokens: Int?
    private var answerTokens: Int?
    private var stopReason: String?
    private(set) var isDone = false

    init(model: String) { self.model = model }

    mutating func decode(line: String) throws -> [ChatEvent] {
        if line.isEmpty { return try dispatch() }
        if line.hasPrefix(":") { return [] }
        let (field, value) = Self.split(line)
        switch field {
        case "event": event = value
        case "data": data += data.isEmpty ? value : "\n" + value
        default: break
        }
        return []
    }

    mutating func finish() throws -> [ChatEvent] {
        let events = try dispatch()
        if !isDone {
            throw QbitelError(.streamInterrupted, "the cloud answer stream ended before message_stop")
        }
        return events
    }

    private mutating func dispatch() throws -> [ChatEvent] {
        defer { event = ""; data = "" }
        guard !data.isEmpty, !isDone else { return [] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] else {
            throw QbitelError(.malformedProviderResponse, "the cloud provider sent an event that is not JSON")
        }
        let type = (object["type"] as? String) ?? event
        switch type {
        case "message_start":
            let usage = (object["message"] as? [String: Any])?["usage"] as? [String: Any]
            promptTokens = usage?["input_tokens"] as? Int
        case "content_block_delta":
            if let delta = object["delta"] as? [String: Any], delta["type"] as? String == "text_delta",
               let text = delta["text"] as? String, !text.isEmpty {
                return [.delta(text)]
            }
        case "message_delta":
            if let reason = (object["delta"] as? [String: Any])?["stop_reason"] as? String { stopReason = reason }
            if let out = (object["usage"] as? [String: Any])?["output_tokens"] as? Int { answerTokens = out }
        case "message_stop":
            isDone = true
            let reason: String? = switch stopReason {
            case "end_turn", "stop_sequence": "stop"
            case "max_tokens": "length"
            default: stopReason
            }
            return [.done(ChatStats(provider: "anthropic", model: model, doneReason: reason,
                                    promptTokens: promptTokens, answerTokens: answerTokens))]
        case "error":
            let message = ((object["error"] as? [String: Any])?["message"] as? String) ?? "unknown error"
            throw QbitelError(.streamInterrupted, "the cloud provider failed while answering: \(message)",
                              details: ["server": message])
        default:
            break
        }
        return []
    }

    private static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
