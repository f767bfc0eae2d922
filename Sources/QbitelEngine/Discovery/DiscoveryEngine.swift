import Foundation

/// Options for one discovery run.
public struct DiscoveryOptions: Sendable, Equatable, Codable {
    /// Only cluster into types; skip boundaries and meanings.
    public var typesOnly: Bool
    /// Messages longer than this are refused (error 1018).
    public var maxMessageLength: Int
    /// Also run the field-meaning detectors still being evaluated (the `experimental_detectors` feature flag).
    public var experimentalDetectors: Bool

    public init(typesOnly: Bool = false, maxMessageLength: Int = 10 * 1024 * 1024, experimentalDetectors: Bool = false) {
        self.typesOnly = typesOnly
        self.maxMessageLength = maxMessageLength
        self.experimentalDetectors = experimentalDetectors
    }

    private enum CodingKeys: String, CodingKey { case typesOnly, maxMessageLength, experimentalDetectors }

    /// Options saved before `experimentalDetectors` existed read as off.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        typesOnly = try c.decode(Bool.self, forKey: .typesOnly)
        maxMessageLength = try c.decode(Int.self, forKey: .maxMessageLength)
        experimentalDetectors = try c.decodeIfPresent(Bool.self, forKey: .experimentalDetectors) ?? false
    }
}

/// Works out message types, field boundaries and field meanings from the messages alone.
///
/// The run is linear in the number of messages: statistics in one pass, types by recursive key-field splitting
/// on samples, boundaries from the position-aligned columns of each type (text is tokenised instead), and nothing
/// ever compares all pairs of messages.
public struct DiscoveryEngine: Sendable {
    public var options: DiscoveryOptions

    /// Share of text messages above which the capture is treated as a text protocol.
    static let textShare = 0.8
    /// Confidence of a boundary pinned by a TLV chain that tiles the type's messages.
    static let chainConfidence = 0.9

    public init(options: DiscoveryOptions = DiscoveryOptions()) {
        self.options = options
    }

    public func discover(_ capture: Capture) throws -> DiscoveryResult {
        try discover(capture.messages, captureName: capture.name, progress: nil, isCancelled: nil)
    }

    /// Discovery that reports each step's progress in [0, 1] and stops with error 1020 when `isCancelled` says so.
    public func discover(_ capture: Capture, progress: (@Sendable (DiscoveryStep, Double) -> Void)?,
                         isCancelled: (@Sendable () -> Bool)?) throws -> DiscoveryResult {
        try discover(capture.messages, captureName: capture.name, progress: progress, isCancelled: isCancelled)
    }

    public func discover(_ messages: [Message], captureName: String) throws -> DiscoveryResult {
        try discover(messages, captureName: captureName, progress: nil, isCancelled: nil)
    }

    public func discover(_ messages: [Message], captureName: String,
                         progress: (@Sendable (DiscoveryStep, Double) -> Void)?,
                         isCancelled: (@Sendable () -> Bool)?) throws -> DiscoveryResult {
        for m in messages where m.length > options.maxMessageLength {
            throw QbitelError(.messageTooLarge, "message \(m.index + 1) has \(m.length) bytes, over the limit of \(options.maxMessageLength)",
                              details: ["message": String(m.index), "length": String(m.length)])
        }
        func checkCancel() throws {
            if isCancelled?() == true { throw QbitelError(.discoveryCancelled, "discovery was cancelled") }
        }
        var timings: [String: Double] = [:]
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap(_ step: DiscoveryStep) {
            let now = DispatchTime.now().uptimeNanoseconds
            timings[step.rawValue] = Double(now - clock) / 1e6
            clock = now
            progress?(step, 1)
        }

        try checkCancel()
        progress?(.statistics, 0)
        let statistics = CaptureStatistics(messages: messages)
        let views = messages.map(MessageBytes.init)
        let payloads = messages.map(\.payload)
        var textCount = 0
        for v in views where TextTokenizer.isText(v) { textCount += 1 }
        let isText = !views.isEmpty && Double(textCount) >= Self.textShare * Double(views.count)
        lap(.statistics)

        try checkCancel()
        progress?(.clustering, 0)
        // Flows, replies and capture times: request/response pairs for the types, the timestamp finder, the meanings.
        let context = SemanticContext(messages: messages)
        let clusters = try KeyFieldClusterer().cluster(views, indices: Array(views.indices), isText: isText,
                                                       isCancelled: isCancelled, context: context)
            .sorted { ($0.members.first ?? 0) < ($1.members.first ?? 0) }
        lap(.clustering)

        try checkCancel()
        progress?(.boundaries, 0)
        var inferences = [MessageInference?](repeating: nil, count: messages.count)
        var types: [MessageTypeInfo] = []
        for (k, cluster) in clusters.enumerated() {
            try checkCancel()
            let id = "T\(k + 1)"
            var typeFields: [InferredField] = []
            if options.typesOnly {
                for i in cluster.members {
                    inferences[i] = MessageInference(messageIndex: messages[i].index, frame: messages[i].frame, typeID: id,
                                                     boundaries: [0, views[i].count], boundaryConfidence: [], fields: [])
                }
            } else {
                let layout = isText ? nil : ColumnBoundaryFinder().layout(views, cluster.members, context: statistics.columns)
                let tlvFinder = TLVBoundaryFinder()
                let nested = !isText && Self.readsAsNestedTLV(views, cluster.members)
                let clocks = isText ? [] : TimestampFieldFinder().find(messages, cluster.members, context: context)
                    .map { $0.offset..<($0.offset + $0.width) }
                let chain = layout.flatMap { tlvFinder.find(payloads, cluster.members, starts: $0.boundaries.map(\.offset)) }
                for i in cluster.members {
                    let v = views[i]
                    let evidence: [BoundaryEvidence]
                    if let layout {
                        if TextTokenizer.isText(v) && cluster.members.count < 3 {
                            evidence = TextTokenizer.boundaries(v)
                        } else if nested, let edges = NestedTLVParser.boundaries(v) {
                            evidence = edges.map { BoundaryEvidence(offset: $0, confidence: NestedTLVParser.confidence, rule: "nested TLV") }
                        } else if let chain, let pinned = tlvFinder.boundaries(payloads[i], chain) {
                            // Past the chain's start the columns are misaligned: the chain's own edges replace them.
                            evidence = layout.boundaries.filter { $0.offset <= chain.start && $0.offset < v.count }
                                + pinned.map { BoundaryEvidence(offset: $0, confidence: Self.chainConfidence, rule: "TLV chain") }
                        } else {
                            let timed = BoundaryEvidence.pinning(layout.evidence(count: v.count), ranges: clocks,
                                                                 confidence: TimestampFieldFinder.confidence, rule: "timestamp")
                            evidence = NulTerminatedStrings.apply(timed, v)
                        }
                    } else {
                        evidence = TextTokenizer.boundaries(v)
                    }
                    let inf = Self.inference(message: messages[i], count: v.count, typeID: id, evidence: evidence,
                                             columns: layout?.columns ?? [])
                    if typeFields.isEmpty { typeFields = inf.fields }
                    inferences[i] = inf
                }
            }
            types.append(MessageTypeInfo(id: id, count: cluster.members.count, confidence: cluster.confidence,
                                         rule: cluster.rule, fields: typeFields))
            progress?(.boundaries, Double(k + 1) / Double(max(clusters.count, 1)))
        }
        lap(.boundaries)
        try checkCancel()
        if !options.typesOnly {
            progress?(.semantics, 0)
            try Self.labelFields(&inferences, clusters: clusters, types: &types, messages: messages, context: context, isText: isText,
                                 experimentalDetectors: options.experimentalDetectors, isCancelled: isCancelled)
        }
        lap(.semantics)
        try checkCancel()
        let result = DiscoveryResult(captureName: captureName, messages: inferences.compactMap { $0 }, types: types,
                                     timingsMS: timings, isText: isText, statistics: statistics)
        lap(.assembling)
        var final = result
        final.timingsMS = timings
        return final
    }

    /// True when most of a sample of the type's messages parse as nested tag-length-value items.
    static func readsAsNestedTLV(_ views: [MessageBytes], _ members: [Int]) -> Bool {
        let sample = KeyFieldClusterer.sample(members, size: 64)
        guard !sample.isEmpty else { return false }
        let parsed = sample.filter { NestedTLVParser.boundaries(views[$0]) != nil }.count
        return Double(parsed) >= NestedTLVParser.minParseRate * Double(sample.count)
    }

    /// Most fields a type gets meanings for; the rest (rare tail pieces) stay `bytes`.
    static let maxLabelledFieldsPerType = 64
    /// Occurrences the detectors read per field.
    static let semanticSample = 400

    /// A field's place in its messages: the unit meanings are decided for, once per type.
    struct FieldPiece: Hashable { var offset: Int; var length: Int }

    /// Fills each field's kind and confidence from the semantic detectors, once per (offset, length) of a type,
    /// over a sample of the type's messages.
    static func labelFields(_ inferences: inout [MessageInference?], clusters: [TypeCluster], types: inout [MessageTypeInfo],
                            messages: [Message], context: SemanticContext? = nil, isText: Bool,
                            experimentalDetectors: Bool = false, isCancelled: (@Sendable () -> Bool)?) throws {
        let semantics = FieldSemantics(context: context ?? SemanticContext(messages: messages), sampleLimit: semanticSample,
                                       experimentalDetectors: experimentalDetectors)
        for (k, cluster) in clusters.enumerated() {
            if isCancelled?() == true { throw QbitelError(.discoveryCancelled, "discovery was cancelled while labelling fields") }
            // Each distinct (offset, length) of the type gets a slot; consecutive messages of a type mostly share
            // their layout, so the slot of the previous message's field at the same position is tried first.
            var slotOf: [FieldPiece: Int] = [:]
            var order: [FieldPiece] = []
            var occurrences: [[FieldOccurrence]] = []
            var previous: [(piece: FieldPiece, slot: Int)] = []
            func slot(_ piece: FieldPiece, at j: Int) -> Int? {
                if j < previous.count, previous[j].piece == piece { return previous[j].slot }
                return slotOf[piece]
            }
            for i in cluster.members {
                guard let inf = inferences[i] else { continue }
                var current: [(piece: FieldPiece, slot: Int)] = []
                current.reserveCapacity(inf.fields.count)
                for (j, f) in inf.fields.enumerated() {
                    let piece = FieldPiece(offset: f.offset, length: f.length)
                    let s: Int
                    if let known = slot(piece, at: j) {
                        // -1: a piece past the per-type cap, which never gets a slot.
                        if known < 0 { current.append((piece, -1)); continue }
                        s = known
                    } else {
                        if order.count >= maxLabelledFieldsPerType { current.append((piece, -1)); continue }
                        s = order.count
                        slotOf[piece] = s
                        order.append(piece)
                        occurrences.append([])
                    }
                    current.append((piece, s))
                    if occurrences[s].count < semanticSample {
                        occurrences[s].append(FieldOccurrence(message: messages[i], offset: f.offset, length: f.length))
                    }
                }
                previous = current
            }
            var found = [SemanticFinding?](repeating: nil, count: order.count)
            for s in order.indices where occurrences[s].count >= 2 || isText {
                found[s] = semantics.classify(occurrences[s])
            }
            occurrences = []
            previous = []
            for i in cluster.members {
                // Taken out of the array so its field list is uniquely held and changes in place.
                guard var inf = inferences[i] else { continue }
                inferences[i] = nil
                for j in inf.fields.indices {
                    let piece = FieldPiece(offset: inf.fields[j].offset, length: inf.fields[j].length)
                    let s = slot(piece, at: j) ?? -1
                    if j < previous.count { previous[j] = (piece, s) } else { previous.append((piece, s)) }
                    guard s >= 0, let f = found[s] else { continue }
                    inf.fields[j].kind = f.kind
                    inf.fields[j].confidence = f.confidence
                    inf.fields[j].endianness = f.endianness
                    inf.fields[j].note = f.note
                }
                if previous.count > inf.fields.count { previous.removeLast(previous.count - inf.fields.count) }
                inferences[i] = inf
            }
            if let first = cluster.members.first, let inf = inferences[first] { types[k].fields = inf.fields }
        }
    }

    /// Generated field names `f1`, `f2`, … made once rather than per field of every message.
    static let fieldNames: [String] = (1...256).map { "f\($0)" }

    /// Turns boundary evidence into a message's boundaries, their confidences and its fields.
    static func inference(message: Message, count: Int, typeID: String, evidence: [BoundaryEvidence],
                          columns: [ColumnStatistics]) -> MessageInference {
        // The strongest evidence per inner offset, in offset order (sorted pairs instead of a dictionary per message).
        var proposed: [(offset: Int, confidence: Double)] = []
        proposed.reserveCapacity(evidence.count)
        for e in evidence where e.offset > 0 && e.offset < count { proposed.append((e.offset, e.confidence)) }
        var sortedByOffset = true
        for k in proposed.indices.dropFirst() where proposed[k - 1].offset > proposed[k].offset { sortedByOffset = false; break }
        if !sortedByOffset { proposed.sort { $0.offset < $1.offset } }
        var bounds: [Int] = [0]
        var conf: [Double] = []
        bounds.reserveCapacity(proposed.count + 2)
        conf.reserveCapacity(proposed.count)
        for p in proposed {
            if bounds.count > 1, bounds[bounds.count - 1] == p.offset {
                conf[conf.count - 1] = max(conf[conf.count - 1], p.confidence)
            } else {
                bounds.append(p.offset)
                conf.append(max(0, p.confidence))
            }
        }
        if count > 0 { bounds.append(count) }
        var fields: [InferredField] = []
        if bounds.count >= 2 {
            fields.reserveCapacity(bounds.count - 1)
            for k in 0..<(bounds.count - 1) {
                let a = bounds[k], b = bounds[k + 1]
                let ca = k == 0 ? 1 : conf[k - 1], cb = k + 1 == bounds.count - 1 ? 1 : conf[k]
                var constant = b <= columns.count && b > a
                if constant { for c in a..<b where !columns[c].isConstant { constant = false; break } }
                fields.append(InferredField(offset: a, length: b - a, kind: constant ? .constant : .bytes,
                                            confidence: min(ca, cb), name: k < fieldNames.count ? fieldNames[k] : "f\(k + 1)"))
            }
        }
        return MessageInference(messageIndex: message.index, frame: message.frame, typeID: typeID, boundaries: bounds,
                                boundaryConfidence: conf, fields: fields)
    }
}
