import QbitelEngine

/// Retries a request that could not connect, with exponential back-off and full jitter. Nothing else is retried:
/// not a model error, not a timeout after the server took the request, and never an answer that began streaming.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 3, baseDelay: Double = 0.25, maxDelay: Double = 4) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The delay before retry number `retry` (1 = the first retry): uniform in [cap/2, cap], cap = base·2^(retry−1).
    public func delay(beforeRetry retry: Int, unit: Double) -> Double {
        let cap = min(maxDelay, baseDelay * Double(1 << min(max(retry - 1, 0), 20)))
        return cap / 2 + cap / 2 * min(max(unit, 0), 1)
    }

    /// True for a failure to reach the provider at all: no byte of an answer was sent or received.
    public static func isConnectionFailure(_ error: Error) -> Bool {
        guard let e = error as? QbitelError else { return false }
        return e.code == .providerUnreachable && e.details["phase"] == "connect"
    }
}
