/// The one error type of the program: a stable code, a readable message, and where it happened.
///
/// Every layer throws this so the CLI can print one line and exit non-zero, the workbench can show it in the status
/// bar, and logs can carry the correlation id.
public struct QbitelError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    /// Byte offset in the input, when the error is about outside bytes.
    public var offset: Int?
    public var details: [String: String]
    public var correlationID: String?

    public init(_ code: ErrorCode, _ message: String, offset: Int? = nil, details: [String: String] = [:],
                correlationID: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.details = details
        self.correlationID = correlationID
    }

    /// `error 1007: record runs past the end of the file (at byte 4242)`.
    public var description: String {
        var s = "error \(code.rawValue): \(message)"
        if let offset { s += " (at byte \(offset))" }
        if let correlationID { s += " [\(correlationID)]" }
        return s
    }

    public func with(correlationID id: String) -> QbitelError {
        var copy = self
        copy.correlationID = id
        return copy
    }
}

/// A problem that did not stop the work: skipped frames, gaps, bad headers.
public struct CaptureWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String
    public var frame: Int?
    public var offset: Int?

    public init(_ code: ErrorCode, _ message: String, frame: Int? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.frame = frame
        self.offset = offset
    }

    public var description: String {
        var s = "warning \(code.rawValue): \(message)"
        if let frame { s += " (frame \(frame))" }
        if let offset { s += " (at byte \(offset))" }
        return s
    }
}
