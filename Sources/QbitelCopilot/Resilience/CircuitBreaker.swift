/// Stops asking a provider that keeps failing: opens after `threshold` consecutive failures, lets one trial request
/// through (half-open) after `cooldown` seconds, and closes again on a success.
public struct CircuitBreaker: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case closed
        case open(since: Double)
        case halfOpen
    }

    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    public let threshold: Int
    public let cooldown: Double

    public init(threshold: Int = 3, cooldown: Double = 60) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// True when a request may go out now; moves an open breaker past its cool-down to half-open.
    public mutating func allowsRequest(now: Double) -> Bool {
        switch state {
        case .closed, .halfOpen:
            return true
        case .open(let since):
            guard now - since >= cooldown else { return false }
            state = .halfOpen
            return true
        }
    }

    /// Seconds until an open breaker lets a trial request through; nil when not open.
    public func retryAfter(now: Double) -> Double? {
        if case .open(let since) = state { return max(0, cooldown - (now - since)) }
        return nil
    }

    public mutating func recordSuccess() {
        consecutiveFailures = 0
        state = .closed
    }

    public mutating func recordFailure(now: Double) {
        consecutiveFailures += 1
        if state == .halfOpen || consecutiveFailures >= threshold { state = .open(since: now) }
    }

    public var isOpen: Bool { if case .open = state { return true } else { return false } }
}
