import QbitelEngine

/// What the analyst has selected, with everything the engine knows about it: the copilot's whole view of the capture.
public struct CopilotSelection: Sendable {
    /// A message next to the selected one in its flow, for context.
    public struct Neighbour: Sendable, Equatable {
        /// 1-based message number, as `discover` shows it.
        public var number: Int
        public var direction: Direction
        public var typeID: String?
        public var bytes: [UInt8]

        public init(number: Int, direction: Direction, typeID: String?, bytes: [UInt8]) {
            self.number = number
            self.direction = direction
            self.typeID = typeID
            self.bytes = bytes
        }
    }

    public var captureName: String
    /// 1-based message number.
    public var messageNumber: Int
    public var flow: String
    public var direction: Direction
    public var bytes: [UInt8]
    public var fields: [InferredField]
    public var type: MessageTypeInfo?
    /// A few lines of the type's grammar, when the grammar exists.
    public var grammarExcerpt: String?
    public var neighbours: [Neighbour]
    /// The analyst's own notes on this message or type (trusted, unlike the bytes).
    public var notes: String

    public init(captureName: String, messageNumber: Int, flow: String, direction: Direction, bytes: [UInt8],
                fields: [InferredField] = [], type: MessageTypeInfo? = nil, grammarExcerpt: String? = nil,
                neighbours: [Neighbour] = [], notes: String = "") {
        self.captureName = captureName
        self.messageNumber = messageNumber
        self.flow = flow
        self.direction = direction
        self.bytes = bytes
        self.fields = fields
        self.type = type
        self.grammarExcerpt = grammarExcerpt
        self.neighbours = neighbours
        self.notes = notes
    }

    /// Builds the selection for message `index` (0-based) from a capture and its discovery result, with up to
    /// `neighbourCount` messages of the same flow on each side. One pass over the messages.
    public static func from(capture: Capture, discovery: DiscoveryResult?, index: Int, neighbourCount: Int = 2,
                            grammarExcerpt: String? = nil, notes: String = "") throws -> CopilotSelection {
        guard capture.messages.indices.contains(index) else {
            throw QbitelError(.badMessageIndex, "message \(index + 1) is outside 1…\(capture.messages.count)")
        }
        let message = capture.messages[index]
        let inference = discovery?.messages.first { $0.messageIndex == index }
        let type = inference.flatMap { inf in discovery?.types.first { $0.id == inf.typeID } }
        var before: [Message] = []
        var after: [Message] = []
        for m in capture.messages where m.flowIndex == message.flowIndex && m.index != index {
            if m.index < index {
                before.append(m)
                if before.count > neighbourCount { before.removeFirst() }
            } else if after.count < neighbourCount {
                after.append(m)
            } else {
                break
            }
        }
        var typeByIndex: [Int: String] = [:]
        if let discovery {
            let wanted = Set((before + after).map(\.index))
            for inf in discovery.messages where wanted.contains(inf.messageIndex) { typeByIndex[inf.messageIndex] = inf.typeID }
        }
        let neighbours = (before + after).map {
            Neighbour(number: $0.index + 1, direction: $0.direction, typeID: typeByIndex[$0.index], bytes: Array($0.payload))
        }
        return CopilotSelection(captureName: capture.name, messageNumber: index + 1, flow: message.flow.description,
                                direction: message.direction, bytes: Array(message.payload),
                                fields: inference?.fields ?? type?.fields ?? [], type: type,
                                grammarExcerpt: grammarExcerpt, neighbours: neighbours, notes: notes)
    }
}
