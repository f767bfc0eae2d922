import QbitelEngine

/// Everything the workbench shows, as one value. Only `WorkbenchReducer` changes it; views only read it.
public struct WorkbenchState: Sendable {
    public var captureName: String
    public var capture: Capture?
    public var discovery: DiscoveryResult?
    /// Message index → its inference, filled when discovery finishes.
    var inferenceIndex: [Int] = []
    public var phase: DiscoveryPhase = .loading
    /// Validation verdicts from the engine, when it provides them.
    public var verdicts: [Int: VerdictMark] = [:]

    public var width: Int
    public var height: Int
    public var focus: Pane = .messages
    public var zoomed: Pane?
    public var showHelp = false
    public var helpScroll = 0
    /// The metrics screen (`P`, `:metrics`) and what it shows.
    public var showMetrics = false
    public var metricsScroll = 0
    public var metrics = MetricsSnapshot()
    /// False when the `metrics_screen` feature flag is off.
    public var metricsScreenEnabled = true
    public var mode: InputMode = .normal
    /// Candidates from the last Tab completion on the command line.
    public var completions: [String] = []
    /// The last notice (saved edits, errors), shown in the status bar.
    public var notice: String?
    public var noticeIsError = false
    public var shouldQuit = false

    // Messages pane
    public var filter = MessageFilter()
    public var sort: MessageSort = .frame
    /// Visible message indices in display order; nil means every message in capture order (no copy for big captures).
    var rows: [Int]?
    public var selectedRow = 0
    public var listTop = 0
    public var lastSearch: [UInt8]?
    public var lastSearchLabel: String?

    // Hex pane
    public var hexCursor = 0
    public var hexTop = 0
    // Fields pane
    public var selectedField: Int?
    public var fieldsTop = 0
    // Grammar pane
    public var expanded: Set<String> = ["root"]
    public var grammarCursor = 0
    public var grammarTop = 0

    public var annotations = Annotations()
    var undoStack: [Annotations] = []
    var redoStack: [Annotations] = []

    public var copilot = CopilotPaneState()
    public var themeName = "dark"

    public init(captureName: String, width: Int, height: Int) {
        self.captureName = captureName
        self.width = width
        self.height = height
    }

    // MARK: rows

    public var rowCount: Int { rows?.count ?? (capture?.messages.count ?? 0) }

    public func messageIndex(atRow r: Int) -> Int? {
        guard r >= 0, r < rowCount else { return nil }
        return rows?[r] ?? r
    }

    /// The message every pane is about.
    public var selectedMessage: Int? { messageIndex(atRow: selectedRow) }

    public func message(_ i: Int) -> Message? {
        guard let c = capture, i >= 0, i < c.messages.count else { return nil }
        return c.messages[i]
    }

    // MARK: inference views

    public func inference(_ i: Int) -> MessageInference? {
        guard let d = discovery, i >= 0, i < inferenceIndex.count else { return nil }
        let k = inferenceIndex[i]
        return k >= 0 ? d.messages[k] : nil
    }

    /// The type of a message after the analyst's splits and merges.
    public func typeID(of i: Int) -> String? {
        guard var t = inference(i)?.typeID else { return nil }
        if let off = annotations.splits[t], let m = message(i) {
            t += off < m.length ? "." + hexByte(m.payload[off]) : ".short"
        }
        return annotations.mergedType(t)
    }

    public func typeLabel(_ t: String) -> String {
        if let n = annotations.typeNames[t] { return n }
        if let n = discovery?.types.first(where: { $0.id == t })?.name { return n }
        return t
    }

    public func verdict(of i: Int) -> VerdictMark {
        if let v = verdicts[i] { return v }
        guard let m = message(i) else { return .unknown }
        if m.hasGap { return .invalid }
        guard let inf = inference(i) else { return .unknown }
        let covered = inf.fields.reduce(0) { $0 + $1.length }
        if !inf.fields.isEmpty && covered != m.length { return .invalid }
        return .valid
    }

    /// The selected message's fields with the analyst's names and kinds applied.
    public func fields(of i: Int) -> [DisplayField] {
        guard let m = message(i), let inf = inference(i) else { return [] }
        let type = typeID(of: i) ?? inf.typeID
        var raw = inf.fields
        if raw.isEmpty {
            // Boundaries without meanings: one opaque field per segment.
            let b = inf.boundaries
            for k in 0..<max(0, b.count - 1) where b[k + 1] > b[k] {
                let conf = k > 0 && k - 1 < inf.boundaryConfidence.count ? inf.boundaryConfidence[k - 1] : 1
                raw.append(InferredField(offset: b[k], length: b[k + 1] - b[k], kind: .bytes, confidence: conf))
            }
        }
        return raw.enumerated().compactMap { idx, f in
            guard f.offset >= 0, f.length >= 0, f.end <= m.length else { return nil }
            let key = FieldKey(typeID: type, offset: f.offset)
            let kind = annotations.kindOverrides[key] ?? f.kind
            let name = annotations.fieldNames[key] ?? f.name ?? "f\(idx)"
            return DisplayField(key: key, offset: f.offset, length: f.length, name: name, kind: kind,
                                confidence: f.confidence, note: f.note, endianness: f.endianness,
                                bytes: m.payload[f.offset..<f.end])
        }
    }

    public var selectedFields: [DisplayField] { selectedMessage.map { fields(of: $0) } ?? [] }

    /// Index of the field holding byte `offset` of the selected message.
    public func fieldIndex(containing offset: Int) -> Int? {
        selectedFields.firstIndex { offset >= $0.offset && offset < $0.offset + max($0.length, 1) }
    }

    func hexByte(_ b: UInt8) -> String {
        let d = Array("0123456789abcdef")
        return String([d[Int(b >> 4)], d[Int(b & 15)]])
    }

    // MARK: edits

    /// Applies an edit with an undo point.
    mutating func record(_ edit: AnnotationEdit) {
        undoStack.append(annotations)
        if undoStack.count > 500 { undoStack.removeFirst() }
        redoStack.removeAll()
        annotations.apply(edit)
        notice = "saved: \(edit.summary) (u to undo)"
        noticeIsError = false
    }

    public var canUndo: Bool { !undoStack.isEmpty }
}

/// One row of the field table.
public struct DisplayField: Sendable, Equatable {
    public var key: FieldKey
    public var offset: Int
    public var length: Int
    public var name: String
    public var kind: FieldKind
    public var confidence: Double
    public var note: String?
    public var endianness: Endianness?
    public var bytes: ByteSlice

    public var end: Int { offset + length }

    /// Formatted on demand: only the rows on screen pay for it.
    public var value: String { FieldValueFormatter.format(bytes, kind: kind, endianness: endianness) }
}
