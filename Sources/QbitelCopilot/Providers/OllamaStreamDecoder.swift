import Foundation
import QbitelEngine

/// Reads Ollama's streamed chat reply: one JSON object per line, text in `message.content`, metrics on the `done`
/// line, and a possible `{"error": …}` line after the stream began (with status 200).
struct OllamaStreamDecoder: StreamDecoder {
    let model: String
    private(set) var isDone = false
    private(set) var sawAnyLine = false

    init(model: String) { self.model = model }

    mutating func decode(line: String) throws -> [ChatEvent] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || isDone { return [] }
        sawAnyLine = true
        let chunk: OllamaWire.Chunk
        do {
            chunk = try JSONDecoder().decode(OllamaWire.Chunk.self, from: Data(trimmed.utf8))
        } catch {
            throw QbitelError(.malformedProviderResponse, "ollama sent a line that is not JSON: \(Self.excerpt(trimmed))")
        }
        if let error = chunk.error {
            throw QbitelError(.streamInterrupted, "ollama failed while answering: \(error)", details: ["server": error])
        }
        var events: [ChatEvent] = []
        if let text = chunk.message?.content, !text.isEmpty { events.append(.delta(text)) }
        if chunk.done == true {
            isDone = true
            events.append(.done(Self.stats(chunk, model: model)))
        } else if chunk.message == nil {
            throw QbitelError(.malformedProviderResponse, "ollama sent an object without message or done: \(Self.excerpt(trimmed))")
        }
        return events
    }

    mutating func finish() throws -> [ChatEvent] {
        guard isDone else {
            throw QbitelError(.streamInterrupted, sawAnyLine ? "the answer stream ended before it was done"
                                                             : "ollama closed the stream without an answer")
        }
        return []
    }

    static func stats(_ c: OllamaWire.Chunk, model: String) -> ChatStats {
        ChatStats(provider: "ollama", model: c.model ?? model, doneReason: c.done_reason,
                  promptTokens: c.prompt_eval_count, answerTokens: c.eval_count, totalNanoseconds: c.total_duration,
                  loadNanoseconds: c.load_duration, promptEvalNanoseconds: c.prompt_eval_duration,
                  evalNanoseconds: c.eval_duration)
    }

    static func excerpt(_ s: String) -> String { s.count > 80 ? String(s.prefix(80)) + "…" : s }
}
