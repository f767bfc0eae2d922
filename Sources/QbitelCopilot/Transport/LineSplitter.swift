import QbitelEngine

/// Cuts a byte stream into lines at `\n` (dropping a trailing `\r`), whatever the read boundaries were.
///
/// NDJSON and SSE both arrive in arbitrary chunks; a line may span several reads.
struct LineSplitter: Sendable {
    /// A line longer than this is not a protocol line: the provider is refused rather than buffered forever.
    var maxLineLength = 4 * 1024 * 1024
    private var pending: [UInt8] = []

    init(maxLineLength: Int = 4 * 1024 * 1024) { self.maxLineLength = maxLineLength }

    /// Appends bytes and returns the complete lines they finish.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws -> [String] {
        var lines: [String] = []
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x0A {
            pending.append(contentsOf: bytes[start..<i])
            lines.append(Self.text(pending))
            pending.removeAll(keepingCapacity: true)
            start = i + 1
        }
        pending.append(contentsOf: bytes[start...])
        if pending.count > maxLineLength {
            throw QbitelError(.malformedProviderResponse, "a response line exceeds \(maxLineLength) bytes")
        }
        return lines
    }

    /// The unterminated rest at the end of the stream, if any.
    mutating func finish() -> String? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : Self.text(pending)
    }

    private static func text(_ bytes: [UInt8]) -> String {
        var b = bytes[...]
        if b.last == 0x0D { b = b.dropLast() }
        return String(decoding: b, as: UTF8.self)
    }
}
