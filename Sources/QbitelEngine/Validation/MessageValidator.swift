import Foundation

/// Checks messages against a grammar at a chosen level and gives each a verdict with reasons and offsets.
///
/// One linear pass in capture order: counters are followed per flow, direction and field, so "counters advance" is
/// checked without comparing messages pairwise.
public struct MessageValidator: Sendable {
    public var parser: GrammarParser
    public var level: ValidationLevel
    public var rules: ValidationRules

    public init(parser: GrammarParser, level: ValidationLevel, rules: ValidationRules = ValidationRules()) {
        self.parser = parser
        self.level = level
        self.rules = rules
    }

    public init(grammar: Grammar, level: ValidationLevel, rules: ValidationRules = ValidationRules()) throws {
        self.init(parser: try GrammarParser(grammar: grammar), level: level, rules: rules)
    }

    /// Validates `messages` in order.
    ///
    /// `assignedTypes` maps a message's index (`Message.index`) to the type discovery put it in: such a message is
    /// checked against that type, so a message that happens to parse under a rival type is not judged by the rival's
    /// value sets. A message without an assigned type, or one that does not parse under it, is checked against the
    /// type the grammar finds most probable (`GrammarLikelihood`).
    public func validate(_ messages: [Message], assignedTypes: [Int: String] = [:],
                         isCancelled: @Sendable () -> Bool = { false }) throws -> ValidationReport {
        let g = parser.grammar
        let likelihood = GrammarLikelihood(parser: parser)
        let typeIndex = Dictionary(g.types.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let minLen = g.types.map(\.minLength).min() ?? 0
        let fixedMax = g.types.allSatisfy(\.isFixedLayout)
        let maxLen = (g.types.map(\.maxLength).max() ?? 0)
        let bound = fixedMax ? maxLen : maxLen * 2 + 64
        let compiled = try compileRules()
        var counters: [CounterKey: UInt64] = [:]
        var out: [MessageVerdict] = []
        out.reserveCapacity(messages.count)
        for (i, m) in messages.enumerated() {
            if i & 1023 == 0, isCancelled() { throw QbitelError(.discoveryCancelled, "validation cancelled") }
            var reasons: [ValidationReason] = []
            var verdict = Verdict.valid
            var typeID: String?
            if m.length == 0 || m.length < minLen || m.length > bound {
                reasons.append(ValidationReason(code: .lengthMismatch,
                                                message: "length \(m.length) outside the grammar's bounds \(minLen)..\(bound)",
                                                offset: min(m.length, bound), length: nil))
                verdict = .invalid
            }
            if level >= .standard && verdict == .valid {
                var parsed: Result<ParseTree, ParseFailure>?
                if let id = assignedTypes[m.index], let t = typeIndex[id], case .success(let tree) = parser.parse(m.payload, asType: t) {
                    parsed = .success(tree)
                }
                switch parsed ?? likelihood.mostLikelyParse(m.payload) {
                case .failure(let f):
                    reasons.append(ValidationReason(code: .parseFailed, message: "does not parse: expected \(f.expected)",
                                                    offset: f.offset, length: 1, field: f.typeID))
                    verdict = .invalid
                case .success(let tree):
                    typeID = tree.typeID
                    if level >= .strict { semantic(tree, m, &counters, &reasons) }
                    if level >= .enterprise { userRules(tree, m, compiled, &reasons) }
                    if !reasons.isEmpty { verdict = .anomalous }
                }
            }
            out.append(MessageVerdict(messageIndex: m.index, frame: m.frame, verdict: verdict, typeID: typeID, reasons: reasons))
        }
        return ValidationReport(level: level, verdicts: out)
    }

    struct CounterKey: Hashable { var flow: Int; var direction: Direction; var node: Int32 }

    func semantic(_ tree: ParseTree, _ m: Message, _ counters: inout [CounterKey: UInt64], _ reasons: inout [ValidationReason]) {
        for f in tree.fields where !f.isGroup {
            let info = parser.nodes[Int(f.node)]
            guard let t = info.terminal else { continue }
            if let r = info.lengthRelation, f.hasValue, Int(clamping: f.value) != m.length - r {
                reasons.append(ValidationReason(code: .lengthMismatch,
                                                message: "\(info.name) = \(f.value), expected \(m.length - r) (length − \(r))",
                                                offset: Int(f.offset), length: Int(f.length), field: info.path))
            }
            if let alg = info.checksum,
               !ChecksumLearner.verify(alg, m.payload, offset: Int(f.offset), bigEndian: t.isBigEndian) {
                reasons.append(ValidationReason(code: .checksumMismatch, message: "\(info.name) is not the \(alg.rawValue) of the message",
                                                offset: Int(f.offset), length: Int(f.length), field: info.path))
            }
            if t.kind == .enumeration, f.hasValue, !(t.values ?? []).contains(where: { $0.value == f.value && $0.probability > 0 }) {
                reasons.append(ValidationReason(code: .enumOutOfSet, message: "\(info.name) = \(f.value) is not in its learned set",
                                                offset: Int(f.offset), length: Int(f.length), field: info.path))
            }
            if info.meaning == .counter, f.hasValue, t.isInteger {
                let key = CounterKey(flow: m.flowIndex, direction: m.direction, node: f.node)
                if let last = counters[key], f.value < last {
                    let range = UInt64(1) << UInt64(min(8 * (t.width ?? 8), 63))
                    if last - f.value < range / 2 {
                        reasons.append(ValidationReason(code: .counterRegression,
                                                        message: "\(info.name) went back from \(last) to \(f.value) in its flow",
                                                        offset: Int(f.offset), length: Int(f.length), field: info.path))
                    }
                }
                counters[key] = f.value
            }
        }
    }

    struct CompiledRule {
        var rule: ValidationRules.Rule
        var regex: NSRegularExpression?
    }

    func compileRules() throws -> [CompiledRule] {
        try rules.rules.map { r in
            if case .matches(let p) = r.constraint {
                do { return CompiledRule(rule: r, regex: try NSRegularExpression(pattern: p)) }
                catch { throw QbitelError(.badRulesFile, "rules line \(r.line): bad regular expression") }
            }
            return CompiledRule(rule: r, regex: nil)
        }
    }

    func userRules(_ tree: ParseTree, _ m: Message, _ rules: [CompiledRule], _ reasons: inout [ValidationReason]) {
        guard !rules.isEmpty else { return }
        let type = parser.grammar.types[tree.typeIndex]
        for cr in rules {
            let r = cr.rule
            guard r.type == "*" || r.type == type.id || r.type == type.name else { continue }
            for f in tree.fields where !f.isGroup && parser.nodes[Int(f.node)].name == r.field {
                let bytes = m.payload[Int(f.offset)..<f.end]
                let value: UInt64? = f.hasValue ? f.value : (f.length <= 8 ? bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) } : nil)
                var ok = true
                switch r.constraint {
                case .range(let a, let b): ok = value.map { $0 >= a && $0 <= b } ?? false
                case .set(let vs): ok = value.map { vs.contains($0) } ?? false
                case .equals(let v): ok = value == v
                case .notEquals(let v): ok = value != v
                case .matches:
                    let s = String(decoding: bytes.array, as: UTF8.self)
                    ok = cr.regex?.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
                case .equalsField(let other):
                    if let g = tree.fields.first(where: { !$0.isGroup && parser.nodes[Int($0.node)].name == other }) {
                        let ob = m.payload[Int(g.offset)..<g.end]
                        ok = (f.hasValue && g.hasValue) ? f.value == g.value : bytes == ob
                    } else {
                        ok = false
                    }
                }
                if !ok {
                    reasons.append(ValidationReason(code: .ruleViolation, message: "rule line \(r.line) violated: \(r.text)",
                                                    offset: Int(f.offset), length: Int(f.length), field: parser.nodes[Int(f.node)].path))
                }
            }
        }
    }
}

extension Grammar {
    /// The node at a parser path (`T1/items[]/len`), for the flags that live on nodes.
    public func node(atPath path: String) -> GrammarNode? {
        var found: GrammarNode?
        func walk(_ nodes: [GrammarNode], _ prefix: String) {
            for n in nodes where found == nil {
                let p = "\(prefix)/\(n.name)"
                if p == path { found = n; return }
                guard path.hasPrefix(p) else { continue }
                if let b = n.body { walk(b, p + (n.kind == .repeated ? "[]" : "?")) }
                if let cs = n.choices { for (c, br) in cs.enumerated() { walk(br, "\(p)|\(c)") } }
            }
        }
        for t in types where path.hasPrefix(t.id + "/") { walk(t.nodes, t.id) }
        return found
    }
}
