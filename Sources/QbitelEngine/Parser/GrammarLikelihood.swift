import Foundation

/// Scores parse trees by the grammar's probabilities, so that a message that parses under several types goes to the
/// one the model finds most probable rather than to the first one tried.
///
/// `log P(m, type) = log P(type) + Σ choices`: learned enumeration values (or the "other" mass), optional groups
/// present or absent, repetitions (geometric), alternative branches, integers uniform over their learned range and
/// opaque bytes at 1/256 each. These are the same terms EM maximises, read from the grammar after refinement.
public struct GrammarLikelihood: Sendable {
    public let parser: GrammarParser
    let typeLog: [Double]
    /// Per node: log-probability of each learned enumeration value.
    let enumLog: [Int: [UInt64: Double]]
    let otherLog: [Int: Double]
    /// Per optional or repeated node: log of presence (continuation) and of absence (stop).
    let groupLog: [Int: (yes: Double, no: Double)]
    let altLog: [Int: [Double]]

    public init(parser: GrammarParser) {
        self.parser = parser
        let floor = -690.0
        func lg(_ x: Double) -> Double { x > 0 ? max(log(x), floor) : floor }
        typeLog = parser.grammar.types.map { lg($0.probability) }
        var enumLog: [Int: [UInt64: Double]] = [:], otherLog: [Int: Double] = [:]
        var groupLog: [Int: (Double, Double)] = [:], altLog: [Int: [Double]] = [:]
        parser.grammar.forEachNode { id, _, node in
            switch node.kind {
            case .field:
                if let t = node.terminal, t.kind == .enumeration {
                    enumLog[id] = Dictionary((t.values ?? []).map { ($0.value, lg($0.probability)) }, uniquingKeysWith: { a, _ in a })
                    otherLog[id] = lg(t.otherProbability ?? 0.01)
                }
            case .optional, .repeated:
                let q = min(max(node.probability ?? 0.5, 1e-9), 1 - 1e-9)
                groupLog[id] = (lg(q), lg(1 - q))
            case .alternatives:
                altLog[id] = (node.weights ?? []).map(lg)
            }
        }
        self.enumLog = enumLog
        self.otherLog = otherLog
        self.groupLog = groupLog
        self.altLog = altLog
    }

    /// `log P(message, type)` of a parse under its type.
    public func logProbability(_ tree: ParseTree) -> Double {
        var l = typeLog[tree.typeIndex]
        for f in tree.fields {
            let id = Int(f.node)
            let info = parser.nodes[id]
            if f.isGroup {
                switch info.kind {
                case .optional:
                    if let g = groupLog[id] { l += f.value == 1 ? g.yes : g.no }
                case .repeated:
                    if info.countFrom == nil, let g = groupLog[id] { l += Double(f.value) * g.yes + g.no }
                case .alternatives:
                    let w = altLog[id] ?? []
                    l += Int(f.value) < w.count ? w[Int(f.value)] : -690
                case .field: break
                }
                continue
            }
            guard let t = info.terminal else { continue }
            switch t.kind {
            case .constant: break
            case .enumeration:
                l += enumLog[id]?[f.value] ?? otherLog[id] ?? -690
            case .integer:
                let lo = t.minimum ?? 0, hi = t.maximum ?? UInt64.max
                if f.value >= lo && f.value <= hi { l -= log(Double(hi - lo) + 1) }
                else { l -= Double(8 * (t.width ?? 1)) * log(2) + log(1e6) }
            default:
                l -= Double(f.length) * log(256)
            }
        }
        return l
    }

    /// The parse under the most probable type among those that accept the message; ties go to the parse order.
    /// Fails like `GrammarParser.parse` when no type accepts it.
    public func mostLikelyParse(_ bytes: ByteSlice) -> Result<ParseTree, ParseFailure> {
        var best: (tree: ParseTree, score: Double)?
        for t in parser.order {
            guard case .success(let tree) = parser.parse(bytes, asType: t) else { continue }
            let s = logProbability(tree)
            if best == nil || s > best!.score { best = (tree, s) }
        }
        if let best { return .success(best.tree) }
        return parser.parse(bytes)
    }
}
