/// How one flow's messages alternate: the order and direction pattern the UI draws as a ladder.
public struct FlowStatistics: Sendable, Codable, Equatable {
    public var flowIndex: Int
    public var flow: String
    /// Message indices in capture order (at most `CaptureStatistics.maxFlowMessages`).
    public var messageOrder: [Int]
    /// `C` for client-to-server, `S` for server-to-client, one letter per message in order (same cap).
    public var directionPattern: String
    /// Share of consecutive messages that change direction: 1 is strict request/response, 0 a one-way stream.
    public var alternationRatio: Double
    public var messageCount: Int
}
