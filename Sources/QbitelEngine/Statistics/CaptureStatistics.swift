/// Statistics of a capture's messages that the UI can draw and discovery reasons with: length distribution,
/// start-aligned and end-aligned byte columns, columns per common length, and per-flow direction patterns.
///
/// Built in one linear pass; columns are capped at `maxColumns` positions so memory stays fixed.
public struct CaptureStatistics: Sendable, Codable, Equatable {
    public static let maxColumns = 256
    public static let maxFlowMessages = 512
    public static let maxLengthsWithColumns = 8

    /// Message count per length, sorted by length.
    public var lengthHistogram: [LengthCount]
    /// Columns aligned on the first byte.
    public var columns: [ColumnStatistics]
    /// Columns aligned on the last byte (column 0 is the last byte).
    public var columnsFromEnd: [ColumnStatistics]
    /// Columns of the messages of each of the most common lengths, where messages of one length often share a layout.
    public var columnsByLength: [LengthColumns]
    public var flows: [FlowStatistics]
    /// Share of printable bytes over all payload bytes.
    public var printableRatio: Double
    public var messageCount: Int
    public var byteCount: Int

    public struct LengthCount: Sendable, Codable, Equatable {
        public var length: Int
        public var count: Int
    }

    public struct LengthColumns: Sendable, Codable, Equatable {
        public var length: Int
        public var columns: [ColumnStatistics]
    }

    public init(messages: [Message]) {
        var lengths: [Int: Int] = [:]
        var start = ColumnAccumulator(width: Self.maxColumns)
        var end = ColumnAccumulator(width: Self.maxColumns, fromEnd: true)
        var printable = 0, total = 0
        var flowOrder: [Int: [Int]] = [:]
        var flowPattern: [Int: [UInt8]] = [:]
        var flowCount: [Int: Int] = [:]
        var flowSwitches: [Int: Int] = [:]
        var flowLast: [Int: Direction] = [:]
        var flowName: [Int: String] = [:]
        for m in messages {
            lengths[m.length, default: 0] += 1
            m.payload.withUnsafeBytes { b in
                start.add(b)
                end.add(b)
                for x in b where ByteClass.isPrintable(x) { printable += 1 }
            }
            total += m.length
            let f = m.flowIndex
            if flowName[f] == nil { flowName[f] = m.flow.description }
            flowCount[f, default: 0] += 1
            if let last = flowLast[f], last != m.direction { flowSwitches[f, default: 0] += 1 }
            flowLast[f] = m.direction
            if flowOrder[f, default: []].count < Self.maxFlowMessages {
                flowOrder[f, default: []].append(m.index)
                flowPattern[f, default: []].append(m.direction == .clientToServer ? UInt8(ascii: "C") : UInt8(ascii: "S"))
            }
        }
        lengthHistogram = lengths.keys.sorted().map { LengthCount(length: $0, count: lengths[$0]!) }
        columns = start.columns()
        columnsFromEnd = end.columns()
        let common = lengths.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(Self.maxLengthsWithColumns).filter { $0.value > 1 }.map(\.key)
        var perLength: [Int: ColumnAccumulator] = [:]
        for l in common { perLength[l] = ColumnAccumulator(width: min(l, Self.maxColumns)) }
        if !perLength.isEmpty {
            for m in messages where perLength[m.length] != nil {
                m.payload.withUnsafeBytes { perLength[m.length]!.add($0) }
            }
        }
        columnsByLength = common.sorted().map { LengthColumns(length: $0, columns: perLength[$0]!.columns()) }
        flows = flowCount.keys.sorted().map { f in
            let n = flowCount[f]!
            return FlowStatistics(flowIndex: f, flow: flowName[f] ?? "", messageOrder: flowOrder[f] ?? [],
                                  directionPattern: String(decoding: flowPattern[f] ?? [], as: UTF8.self),
                                  alternationRatio: n > 1 ? Double(flowSwitches[f, default: 0]) / Double(n - 1) : 0,
                                  messageCount: n)
        }
        printableRatio = total == 0 ? 0 : Double(printable) / Double(total)
        messageCount = messages.count
        byteCount = total
    }
}
