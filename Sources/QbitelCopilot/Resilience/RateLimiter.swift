/// At most `limit` requests in any sliding window of `window` seconds (default 60 per minute).
public struct RateLimiter: Sendable, Equatable {
    public let limit: Int
    public let window: Double
    /// Start times of the requests still inside the window, oldest first (at most `limit`).
    private var recent: [Double] = []

    public init(limit: Int = 60, window: Double = 60) {
        self.limit = max(1, limit)
        self.window = window
    }

    /// Takes a slot and returns true, or returns false when the window is full.
    public mutating func tryAcquire(now: Double) -> Bool {
        let expired = recent.prefix { now - $0 >= window }.count
        if expired > 0 { recent.removeFirst(expired) }
        guard recent.count < limit else { return false }
        recent.append(now)
        return true
    }

    /// Seconds until the next slot frees, 0 when one is free.
    public func waitTime(now: Double) -> Double {
        let live = recent.filter { now - $0 < window }
        guard live.count >= limit, let oldest = live.first else { return 0 }
        return window - (now - oldest)
    }
}
