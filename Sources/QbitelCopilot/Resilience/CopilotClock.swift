/// The copilot's source of time, injectable so the breaker, rate limit and back-off are tested without sleeping.
public protocol CopilotClock: Sendable {
    /// Monotonic seconds since an arbitrary origin.
    func now() -> Double
    /// Waits; throws when the task is cancelled.
    func sleep(seconds: Double) async throws
}

/// The real clock: `ContinuousClock` for both reading and waiting.
public struct SystemClock: CopilotClock {
    private let origin = ContinuousClock.now

    public init() {}

    public func now() -> Double {
        let d = ContinuousClock.now - origin
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(for: .milliseconds(Int((seconds * 1000).rounded())))
    }
}
