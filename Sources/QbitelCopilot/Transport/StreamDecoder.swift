/// Turns the lines of a streamed response into chat events: one implementation per wire format (NDJSON, SSE).
protocol StreamDecoder: Sendable {
    /// Events the line completes; throws a typed error for an error line or a line outside the format.
    mutating func decode(line: String) throws -> [ChatEvent]
    /// Called at the end of the body; throws when the stream stopped before its final event.
    mutating func finish() throws -> [ChatEvent]
}
