/// What a field means, as the semantic detectors decide.
public enum FieldKind: String, Sendable, Codable, CaseIterable {
    case constant
    case enumeration = "enum"
    case flags
    case length
    case counter
    case id
    case timestamp
    case checksum
    case string
    case lengthPrefixedString = "lpstring"
    case ipv4
    case float
    case integer
    case padding
    case bytes
}

/// Byte order of a numeric field.
public enum Endianness: String, Sendable, Codable {
    case big, little
}

/// One inferred field of one message.
public struct InferredField: Sendable, Codable, Equatable {
    public var offset: Int
    public var length: Int
    public var kind: FieldKind
    /// How sure the detector is, in [0, 1].
    public var confidence: Double
    /// An analyst's or the copilot's name, or a generated one (`f3`).
    public var name: String?
    public var endianness: Endianness?
    /// What the detector saw, for the field table and the copilot: "u16be = remaining length − 0".
    public var note: String?

    public init(offset: Int, length: Int, kind: FieldKind, confidence: Double, name: String? = nil,
                endianness: Endianness? = nil, note: String? = nil) {
        self.offset = offset
        self.length = length
        self.kind = kind
        self.confidence = confidence
        self.name = name
        self.endianness = endianness
        self.note = note
    }

    public var end: Int { offset + length }
}

/// The inference for one message: its type, its boundaries and its fields.
public struct MessageInference: Sendable, Codable, Equatable {
    /// Index into `Capture.messages`.
    public var messageIndex: Int
    public var frame: Int
    public var typeID: String
    /// Sorted offsets from 0 to the message length inclusive.
    public var boundaries: [Int]
    /// Confidence of each inner boundary (same order as `boundaries` without 0 and the length).
    public var boundaryConfidence: [Double]
    public var fields: [InferredField]

    public init(messageIndex: Int, frame: Int, typeID: String, boundaries: [Int], boundaryConfidence: [Double],
                fields: [InferredField]) {
        self.messageIndex = messageIndex
        self.frame = frame
        self.typeID = typeID
        self.boundaries = boundaries
        self.boundaryConfidence = boundaryConfidence
        self.fields = fields
    }
}

/// A message type: a cluster of messages that share a format.
public struct MessageTypeInfo: Sendable, Codable, Equatable {
    /// Stable within a run: `T1`, `T2`, … in order of first appearance.
    public var id: String
    public var count: Int
    public var confidence: Double
    /// How the cluster was found: "key field at 0 = 0x01", "length 48", "text token 'GET'".
    public var rule: String
    /// An analyst's name, if any.
    public var name: String?
    /// The field layout shared by the type's messages (offsets of the first message for variable layouts).
    public var fields: [InferredField]

    public init(id: String, count: Int, confidence: Double, rule: String, name: String? = nil,
                fields: [InferredField] = []) {
        self.id = id
        self.count = count
        self.confidence = confidence
        self.rule = rule
        self.name = name
        self.fields = fields
    }
}

/// Everything discovery learned about a capture's messages.
public struct DiscoveryResult: Sendable, Codable, Equatable {
    public var captureName: String
    public var messages: [MessageInference]
    public var types: [MessageTypeInfo]
    /// Wall time of each step in milliseconds, keyed by step name.
    public var timingsMS: [String: Double]
    /// True when the traffic looked like text and was tokenised.
    public var isText: Bool
    /// The capture's length, column and flow statistics, for the UI to draw (nil when not computed).
    public var statistics: CaptureStatistics?

    public init(captureName: String, messages: [MessageInference], types: [MessageTypeInfo],
                timingsMS: [String: Double] = [:], isText: Bool = false, statistics: CaptureStatistics? = nil) {
        self.captureName = captureName
        self.messages = messages
        self.types = types
        self.timingsMS = timingsMS
        self.isText = isText
        self.statistics = statistics
    }
}
