/// One element of a message type's right-hand side: a field (terminal) or a group of elements.
///
/// Groups are optional (present with `probability`), repeated (a count from an earlier field, or until the end of the
/// message, continuing with `probability`) or alternatives (with `weights`). One flat struct keeps the JSON form
/// readable and stable.
public struct GrammarNode: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case field, optional, repeated, alternatives
    }

    /// Checksum algorithms the learner tries and STRICT validation verifies.
    public enum ChecksumAlgorithm: String, Sendable, Codable, CaseIterable {
        case sum8, xor8, internet16, crc32
    }

    public var kind: Kind
    /// Unique within its type; used in generated code only after sanitising.
    public var name: String
    public var terminal: GrammarTerminal?
    /// What discovery said the field means.
    public var meaning: FieldKind?
    /// Body of an optional or repeated group.
    public var body: [GrammarNode]?
    /// Branches of an alternatives group.
    public var choices: [[GrammarNode]]?
    /// Branch probabilities of an alternatives group.
    public var weights: [Double]?
    /// Presence probability (optional) or continuation probability (repeated).
    public var probability: Double?
    /// Repeated group: the integer field whose value is the number of repetitions.
    public var countFrom: String?
    /// Length field: message length minus the field's value, when that is constant (checked in STRICT).
    public var lengthRelation: Int?
    /// Checksum field: the algorithm that verified on the capture, over all bytes but the field.
    public var checksum: ChecksumAlgorithm?

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    public static func field(_ name: String, _ terminal: GrammarTerminal, meaning: FieldKind? = nil) -> GrammarNode {
        var n = GrammarNode(kind: .field, name: name)
        n.terminal = terminal
        n.meaning = meaning
        return n
    }

    public static func optional(_ name: String, _ body: [GrammarNode], probability: Double = 0.5) -> GrammarNode {
        var n = GrammarNode(kind: .optional, name: name)
        n.body = body
        n.probability = probability
        return n
    }

    public static func repeated(_ name: String, _ body: [GrammarNode], countFrom: String? = nil,
                                probability: Double = 0.5) -> GrammarNode {
        var n = GrammarNode(kind: .repeated, name: name)
        n.body = body
        n.countFrom = countFrom
        n.probability = probability
        return n
    }

    public static func alternatives(_ name: String, _ choices: [[GrammarNode]], weights: [Double]? = nil) -> GrammarNode {
        var n = GrammarNode(kind: .alternatives, name: name)
        n.choices = choices
        n.weights = weights ?? Array(repeating: 1.0 / Double(max(choices.count, 1)), count: choices.count)
        return n
    }
}

/// One message type: `Message → Type_k` with probability, and the type's sequence of elements.
public struct GrammarType: Sendable, Codable, Equatable {
    /// The discovery type id (`T1`).
    public var id: String
    public var name: String?
    public var probability: Double
    /// Messages discovery put in this type.
    public var count: Int
    public var minLength: Int
    public var maxLength: Int
    public var nodes: [GrammarNode]

    public init(id: String, name: String? = nil, probability: Double, count: Int, minLength: Int, maxLength: Int,
                nodes: [GrammarNode]) {
        self.id = id
        self.name = name
        self.probability = probability
        self.count = count
        self.minLength = minLength
        self.maxLength = maxLength
        self.nodes = nodes
    }

    /// Leading constant bytes at fixed offsets: how specific the type's guard is.
    public var leadingConstantBytes: Int {
        var n = 0
        for node in nodes {
            guard node.kind == .field, let t = node.terminal, let w = t.fixedWidth else { break }
            if t.kind == .constant { n += w }
        }
        return n
    }

    /// True when every element has a fixed width.
    public var isFixedLayout: Bool {
        nodes.allSatisfy { $0.kind == .field && $0.terminal?.fixedWidth != nil }
    }
}

/// One EM iteration's figure.
public struct EMIteration: Sendable, Codable, Equatable {
    public var iteration: Int
    public var logLikelihood: Double
}

/// How refinement went: the log-likelihood per iteration and whether it converged.
public struct EMReport: Sendable, Codable, Equatable {
    public var iterations: [EMIteration]
    public var converged: Bool
    /// Messages that parsed under at least one type and so took part.
    public var messagesUsed: Int
    public var messagesUnparsed: Int

    public init(iterations: [EMIteration] = [], converged: Bool = false, messagesUsed: Int = 0, messagesUnparsed: Int = 0) {
        self.iterations = iterations
        self.converged = converged
        self.messagesUsed = messagesUsed
        self.messagesUnparsed = messagesUnparsed
    }

    public var finalLogLikelihood: Double? { iterations.last?.logLikelihood }
}
