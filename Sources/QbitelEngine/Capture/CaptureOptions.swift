/// How a capture is cut into messages.
public struct CaptureOptions: Sendable, Equatable {
    public enum MessageUnit: String, Sendable, Codable, CaseIterable {
        /// One message per UDP datagram or TCP segment payload (the default, what tshark shows per frame).
        case segment
        /// One message per run of same-direction bytes in a reassembled TCP stream.
        case streamChunk = "stream"
    }

    public var messageUnit: MessageUnit

    public init(messageUnit: MessageUnit = .segment) {
        self.messageUnit = messageUnit
    }
}
