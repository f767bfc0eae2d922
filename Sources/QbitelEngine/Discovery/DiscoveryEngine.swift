/// Options for one discovery run.
public struct DiscoveryOptions: Sendable, Equatable, Codable {
    /// Only cluster into types; skip boundaries and meanings.
    public var typesOnly: Bool
    /// Messages longer than this are refused (error 1018).
    public var maxMessageLength: Int

    public init(typesOnly: Bool = false, maxMessageLength: Int = 10 * 1024 * 1024) {
        self.typesOnly = typesOnly
        self.maxMessageLength = maxMessageLength
    }
}

/// Works out message types, field boundaries and field meanings from the messages alone.
public struct DiscoveryEngine: Sendable {
    public var options: DiscoveryOptions

    public init(options: DiscoveryOptions = DiscoveryOptions()) {
        self.options = options
    }

    public func discover(_ capture: Capture) throws -> DiscoveryResult {
        try discover(capture.messages, captureName: capture.name)
    }

    public func discover(_ messages: [Message], captureName: String) throws -> DiscoveryResult {
        for m in messages where m.length > options.maxMessageLength {
            throw QbitelError(.messageTooLarge, "message \(m.index + 1) has \(m.length) bytes, over the limit of \(options.maxMessageLength)")
        }
        // Placeholder layout until the inference pipeline lands: one type per direction, no inner boundaries.
        var types: [String: Int] = [:]
        var result: [MessageInference] = []
        for m in messages {
            let id = m.direction == .clientToServer ? "T1" : "T2"
            types[id, default: 0] += 1
            result.append(MessageInference(messageIndex: m.index, frame: m.frame, typeID: id, boundaries: [0, m.length],
                                           boundaryConfidence: [], fields: []))
        }
        let infos = types.keys.sorted().map { MessageTypeInfo(id: $0, count: types[$0]!, confidence: 0.1, rule: "direction") }
        return DiscoveryResult(captureName: captureName, messages: result, types: infos)
    }
}
