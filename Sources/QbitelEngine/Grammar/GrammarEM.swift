import Foundation

/// Refines a grammar's rule probabilities with expectation–maximisation over the messages.
///
/// The model is a mixture: `P(m) = Σ_k P(Type_k) · P(m | Type_k)`. Under one type the parse of a message is
/// deterministic, so the inside probability of the message under the type is the product of its choices:
/// enumeration values, optional groups present or absent, repetitions (geometric), alternative branches, and the
/// fixed class probabilities of integers (uniform over the learned range) and bytes (1/256 each). The E-step gives
/// every message a posterior over the types it parses under; the M-step re-estimates type probabilities and every
/// choice probability from the expected counts. The log-likelihood cannot decrease from one iteration to the next;
/// iteration stops when its relative gain falls under `tolerance`.
public struct GrammarEM: Sendable {
    public var maxIterations: Int
    public var tolerance: Double
    /// At most this many messages take part (an even sample), so refinement stays linear and bounded.
    public var maxMessages: Int

    /// The least probability a learned enumeration value keeps after refinement.
    static let learnedValueFloor = 1e-6

    public init(maxIterations: Int = 50, tolerance: Double = 1e-7, maxMessages: Int = 20_000) {
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.maxMessages = maxMessages
    }

    /// One message's parse under one type, reduced to what the probabilities depend on.
    struct Observation {
        var type: Int
        /// Log-probability of the parts EM does not change.
        var fixed: Double
        /// (node, value) of enumeration fields.
        var enums: [(Int, UInt64)]
        /// (node, value) of group events.
        var groups: [(Int, UInt64)]
    }

    /// Parameters indexed by node number.
    struct Parameters {
        var typeProb: [Double]
        var enumProb: [Int: [UInt64: Double]]
        var enumOther: [Int: Double]
        var groupProb: [Int: Double]
        var altWeights: [Int: [Double]]
    }

    public func refine(_ grammar: Grammar, messages: [ByteSlice], isCancelled: @Sendable () -> Bool = { false }) throws -> Grammar {
        let parser = try GrammarParser(grammar: grammar)
        guard !grammar.types.isEmpty else { return grammar }
        let stride = max(1, messages.count / max(maxMessages, 1))
        var observations: [[Observation]] = []
        var unparsed = 0
        var i = 0
        while i < messages.count {
            var obs: [Observation] = []
            for t in grammar.types.indices {
                if case .success(let tree) = parser.parse(messages[i], asType: t) {
                    obs.append(observe(tree, parser))
                }
            }
            if obs.isEmpty { unparsed += 1 } else { observations.append(obs) }
            i += stride
        }
        if isCancelled() { throw QbitelError(.discoveryCancelled, "grammar refinement cancelled") }
        guard !observations.isEmpty else {
            var g = grammar
            g.em = EMReport(iterations: [], converged: false, messagesUsed: 0, messagesUnparsed: unparsed)
            return g
        }
        var params = initialParameters(grammar, parser)
        var report = EMReport(messagesUsed: observations.count, messagesUnparsed: unparsed)
        var previous = -Double.infinity
        for iteration in 0...maxIterations {
            if isCancelled() { throw QbitelError(.discoveryCancelled, "grammar refinement cancelled") }
            let (ll, next) = emStep(observations, params, grammar.types.count, parser)
            guard ll.isFinite else { throw QbitelError(.emFailed, "log-likelihood is not finite at iteration \(iteration)") }
            report.iterations.append(EMIteration(iteration: iteration, logLikelihood: ll))
            if iteration > 0 && ll - previous <= tolerance * max(1, abs(ll)) {
                report.converged = true
                break
            }
            previous = ll
            params = next
        }
        var g = grammar
        apply(params, to: &g)
        g.em = report
        return g
    }

    func observe(_ tree: ParseTree, _ parser: GrammarParser) -> Observation {
        var o = Observation(type: tree.typeIndex, fixed: 0, enums: [], groups: [])
        for f in tree.fields {
            let info = parser.nodes[Int(f.node)]
            if f.isGroup {
                if info.kind == .repeated, info.countFrom != nil { continue }
                o.groups.append((Int(f.node), f.value))
                continue
            }
            guard let t = info.terminal else { continue }
            switch t.kind {
            case .constant: break
            case .enumeration: o.enums.append((Int(f.node), f.value))
            case .integer:
                let lo = t.minimum ?? 0, hi = t.maximum ?? UInt64.max
                let w = Double(8 * (t.width ?? 1))
                if f.value >= lo && f.value <= hi {
                    o.fixed -= log(Double(hi - lo) + 1)
                } else {
                    o.fixed -= w * log(2) + log(1e6)
                }
            default:
                o.fixed -= Double(f.length) * log(256)
            }
        }
        return o
    }

    func initialParameters(_ g: Grammar, _ parser: GrammarParser) -> Parameters {
        var p = Parameters(typeProb: g.types.map { max($0.probability, 1e-9) }, enumProb: [:], enumOther: [:], groupProb: [:],
                           altWeights: [:])
        let s = p.typeProb.reduce(0, +)
        p.typeProb = p.typeProb.map { $0 / s }
        g.forEachNode { id, _, node in
            switch node.kind {
            case .field:
                if let t = node.terminal, t.kind == .enumeration {
                    p.enumProb[id] = Dictionary((t.values ?? []).map { ($0.value, $0.probability) }, uniquingKeysWith: { a, _ in a })
                    p.enumOther[id] = t.otherProbability ?? 0.01
                }
            case .optional, .repeated:
                p.groupProb[id] = min(max(node.probability ?? 0.5, 1e-6), 1 - 1e-6)
            case .alternatives:
                let n = node.choices?.count ?? 1
                p.altWeights[id] = node.weights ?? Array(repeating: 1 / Double(n), count: n)
            }
        }
        return p
    }

    /// One E-step and M-step: the log-likelihood under `p` and the re-estimated parameters.
    func emStep(_ data: [[Observation]], _ p: Parameters, _ typeCount: Int, _ parser: GrammarParser) -> (Double, Parameters) {
        var ll = 0.0
        var typeCount_ = Array(repeating: 0.0, count: typeCount)
        var enumCounts: [Int: [UInt64: Double]] = [:]
        var enumOther: [Int: Double] = [:]
        var enumTotal: [Int: Double] = [:]
        var groupNum: [Int: Double] = [:], groupDen: [Int: Double] = [:]
        var altCounts: [Int: [Double]] = [:]
        var logs: [Double] = []
        for obs in data {
            logs.removeAll(keepingCapacity: true)
            for o in obs { logs.append(log(max(p.typeProb[o.type], 1e-300)) + logInside(o, p, parser)) }
            let mx = logs.max() ?? 0
            let z = logs.reduce(0) { $0 + exp($1 - mx) }
            ll += mx + log(z)
            for (o, l) in zip(obs, logs) {
                let g = exp(l - mx) / z
                typeCount_[o.type] += g
                for (node, v) in o.enums {
                    enumTotal[node, default: 0] += g
                    if p.enumProb[node]?[v] != nil { enumCounts[node, default: [:]][v, default: 0] += g }
                    else { enumOther[node, default: 0] += g }
                }
                for (node, v) in o.groups {
                    switch parser.nodes[node].kind {
                    case .optional:
                        groupNum[node, default: 0] += g * Double(v)
                        groupDen[node, default: 0] += g
                    case .repeated:
                        groupNum[node, default: 0] += g * Double(v)
                        groupDen[node, default: 0] += g * Double(v + 1)
                    case .alternatives:
                        let n = p.altWeights[node]?.count ?? 1
                        var a = altCounts[node] ?? Array(repeating: 0, count: n)
                        if Int(v) < n { a[Int(v)] += g }
                        altCounts[node] = a
                    case .field: break
                    }
                }
            }
        }
        var next = p
        let n = Double(data.count)
        next.typeProb = typeCount_.map { $0 / n }
        for (node, total) in enumTotal where total > 0 {
            var probs = p.enumProb[node] ?? [:]
            for k in probs.keys { probs[k] = (enumCounts[node]?[k] ?? 0) / total }
            next.enumProb[node] = probs
            next.enumOther[node] = (enumOther[node] ?? 0) / total
        }
        for (node, den) in groupDen where den > 0 {
            next.groupProb[node] = min(max((groupNum[node] ?? 0) / den, 1e-9), 1 - 1e-9)
        }
        for (node, counts) in altCounts {
            let s = counts.reduce(0, +)
            if s > 0 { next.altWeights[node] = counts.map { $0 / s } }
        }
        return (ll, next)
    }

    func logInside(_ o: Observation, _ p: Parameters, _ parser: GrammarParser) -> Double {
        var l = o.fixed
        for (node, v) in o.enums {
            let q = p.enumProb[node]?[v] ?? p.enumOther[node] ?? 0
            l += log(max(q, 1e-300))
        }
        for (node, v) in o.groups {
            switch parser.nodes[node].kind {
            case .optional:
                let q = p.groupProb[node] ?? 0.5
                l += log(max(v == 1 ? q : 1 - q, 1e-300))
            case .repeated:
                let q = p.groupProb[node] ?? 0.5
                l += Double(v) * log(max(q, 1e-300)) + log(max(1 - q, 1e-300))
            case .alternatives:
                let w = p.altWeights[node] ?? []
                l += log(max(Int(v) < w.count ? w[Int(v)] : 0, 1e-300))
            case .field: break
            }
        }
        return l
    }

    func apply(_ p: Parameters, to g: inout Grammar) {
        for t in g.types.indices { g.types[t].probability = p.typeProb[t] }
        g.updateNodes { id, _, node in
            switch node.kind {
            case .field:
                if var t = node.terminal, t.kind == .enumeration, let probs = p.enumProb[id] {
                    // A value learned from the capture stays in the set: when the mixture gives all its messages to
                    // a rival type its probability may reach 0, yet the messages discovery put in this type still
                    // carry it (and a selecting enumeration must still accept them).
                    var values = (t.values ?? []).map { GrammarTerminal.EnumValue(value: $0.value, probability: max(probs[$0.value] ?? 0, Self.learnedValueFloor)) }
                    var other = p.enumOther[id] ?? t.otherProbability ?? 0
                    let sum = values.reduce(other) { $0 + $1.probability }
                    if sum > 0 {
                        values = values.map { .init(value: $0.value, probability: $0.probability / sum) }
                        other /= sum
                    }
                    t.values = values
                    t.otherProbability = other
                    node.terminal = t
                }
            case .optional, .repeated:
                if node.countFrom == nil, let q = p.groupProb[id] { node.probability = q }
            case .alternatives:
                if let w = p.altWeights[id] { node.weights = w }
            }
        }
    }
}

