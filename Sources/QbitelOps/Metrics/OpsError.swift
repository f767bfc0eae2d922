import QbitelEngine

/// Builders for the operations module's errors, so every message names what failed.
enum OpsError {
    static func io(_ message: String) -> QbitelError { QbitelError(.ioError, message) }
    static func config(_ message: String) -> QbitelError { QbitelError(.configInvalid, message) }
}
