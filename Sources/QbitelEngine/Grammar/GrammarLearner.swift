/// Builds the initial grammar from a discovery result: one rule per message type.
///
/// Per type, the fields that lie inside the type's shortest message become terminals chosen by the values seen at
/// that offset (constant, enumeration, integer range, opaque bytes). What follows is the type's variable tail,
/// explained by the first rule that holds for every message of the type: a length field that gives the tail's size,
/// a chain of tag-length-value items, a delimited string, or opaque bytes to the end. Everything here is generic:
/// no protocol is named and no value is special.
public struct GrammarLearner: Sendable {
    /// Enumerations hold at most this many distinct values.
    public var maxEnumValues: Int
    /// Probability mass an enumeration keeps for values it never saw.
    public var otherMass: Double

    /// A type's messages may come in at most this many layouts (alternatives or nested optional groups).
    public var maxVariants: Int

    public init(maxEnumValues: Int = 16, otherMass: Double = 0.01, maxVariants: Int = 4) {
        self.maxEnumValues = maxEnumValues
        self.otherMass = otherMass
        self.maxVariants = maxVariants
    }

    public func learn(messages: [Message], discovery: DiscoveryResult) -> Grammar {
        var byType: [String: [Int]] = [:]
        var order: [String] = []
        for inf in discovery.messages where inf.messageIndex >= 0 && inf.messageIndex < messages.count {
            if byType[inf.typeID] == nil { order.append(inf.typeID) }
            byType[inf.typeID, default: []].append(inf.messageIndex)
        }
        var firstInference: [String: MessageInference] = [:]
        for inf in discovery.messages where firstInference[inf.typeID] == nil { firstInference[inf.typeID] = inf }
        let infos = Dictionary(discovery.types.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = discovery.types.map(\.id).filter { byType[$0] != nil } + order.filter { infos[$0] == nil }
        let total = Double(max(byType.values.reduce(0) { $0 + $1.count }, 1))
        var types: [GrammarType] = []
        for id in ids {
            let members = byType[id] ?? []
            guard !members.isEmpty else { continue }
            let payloads = members.map { messages[$0].payload }
            var layout = infos[id]?.fields ?? []
            if layout.isEmpty { layout = firstInference[id]?.fields ?? [] }
            var nodes = learnType(payloads, layout: layout)
            keepOnlyAdvancingCounters(&nodes, members.map { messages[$0] })
            let lens = payloads.map(\.count)
            types.append(GrammarType(id: id, name: infos[id]?.name, probability: Double(members.count) / total,
                                     count: members.count, minLength: lens.min() ?? 0, maxLength: lens.max() ?? 0,
                                     nodes: nodes))
        }
        closeSelectingEnumerations(&types)
        return Grammar(captureName: discovery.captureName, types: types)
    }

    /// A field discovery called a counter is checked as one (STRICT) only when it never goes back within a flow
    /// and direction on the capture it was learned from; otherwise it is kept as a plain integer, so clean
    /// traffic is not reported as anomalous.
    func keepOnlyAdvancingCounters(_ nodes: inout [GrammarNode], _ members: [Message]) {
        var off = 0
        for i in nodes.indices {
            guard nodes[i].kind == .field, let t = nodes[i].terminal, let w = t.fixedWidth else { return }
            defer { off += w }
            guard nodes[i].meaning == .counter, t.isInteger else { continue }
            let range = UInt64(1) << UInt64(min(8 * w, 63))
            var last: [FlowDirectionKey: UInt64] = [:]
            var regressed = false
            for m in members.sorted(by: { $0.index < $1.index }) where m.payload.count >= off + w {
                var v: UInt64 = 0
                if t.isBigEndian { for k in 0..<w { v = v << 8 | UInt64(m.payload[off + k]) } }
                else { for k in (0..<w).reversed() { v = v << 8 | UInt64(m.payload[off + k]) } }
                let key = FlowDirectionKey(flow: m.flowIndex, direction: m.direction)
                if let l = last[key], v < l, l - v < range / 2 { regressed = true; break }
                last[key] = v
            }
            if regressed { nodes[i].meaning = .integer }
        }
    }

    struct FlowDirectionKey: Hashable { var flow: Int; var direction: Direction }

    /// True when the two types differ in a leading constant before `offset`, so the parser already tells them apart.
    func separatedByConstants(_ a: GrammarType, _ b: GrammarType, before offset: Int) -> Bool {
        func constants(_ t: GrammarType) -> [Int: [UInt8]] {
            var off = 0
            var out: [Int: [UInt8]] = [:]
            for n in t.nodes {
                guard off < offset, n.kind == .field, let term = n.terminal, let w = term.fixedWidth else { break }
                if term.kind == .constant { out[off] = term.constantBytes }
                off += w
            }
            return out
        }
        let ca = constants(a), cb = constants(b)
        for (o, bytes) in ca { if let other = cb[o], other.count == bytes.count, other != bytes { return true } }
        return false
    }

    /// Marks leading enumerations whose value set is disjoint from what other types hold at the same offset as
    /// closed, so the parser tells those types apart by them (a key field), as discovery did.
    func closeSelectingEnumerations(_ types: inout [GrammarType]) {
        // Per type: offset → (width, values) of leading constants and enumerations.
        var keys: [[Int: (Int, Set<UInt64>)]] = []
        for t in types {
            var off = 0
            var k: [Int: (Int, Set<UInt64>)] = [:]
            for n in t.nodes {
                guard n.kind == .field, let term = n.terminal, let w = term.fixedWidth else { break }
                if term.kind == .enumeration { k[off] = (w, Set((term.values ?? []).map(\.value))) }
                if term.kind == .constant, w <= 8 { k[off] = (w, [term.constantBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }]) }
                off += w
            }
            keys.append(k)
        }
        for ti in types.indices {
            var off = 0
            for ni in types[ti].nodes.indices {
                guard types[ti].nodes[ni].kind == .field, let term = types[ti].nodes[ni].terminal, let w = term.fixedWidth else { break }
                defer { off += w }
                guard term.kind == .enumeration, let mine = keys[ti][off]?.1 else { continue }
                var rivals = 0, overlaps = false
                for (tj, k) in keys.enumerated() where tj != ti && !separatedByConstants(types[ti], types[tj], before: off) {
                    guard let other = k[off], other.0 == w else { continue }
                    rivals += 1
                    if !mine.isDisjoint(with: other.1) { overlaps = true }
                }
                if rivals > 0 && !overlaps { types[ti].nodes[ni].terminal?.closed = true }
            }
        }
    }

    /// The element sequence of one type from its messages and the discovery layout.
    func learnType(_ payloads: [ByteSlice], layout: [InferredField]) -> [GrammarNode] {
        let minLen = payloads.map(\.count).min() ?? 0
        let maxLen = payloads.map(\.count).max() ?? 0
        // Fields inside the shortest message, sorted, without overlaps.
        var kept: [InferredField] = []
        for f in layout.sorted(by: { ($0.offset, $0.length) < ($1.offset, $1.length) })
        where f.length > 0 && f.offset >= (kept.last?.end ?? 0) && f.end <= minLen {
            kept.append(f)
        }
        // For fixed-length types the whole message is the prefix; gaps become opaque bytes.
        var cover: [InferredField] = []
        var at = 0
        let prefixEnd = minLen == maxLen ? minLen : (kept.last?.end ?? 0)
        for f in kept where f.end <= prefixEnd {
            if f.offset > at { cover.append(InferredField(offset: at, length: f.offset - at, kind: .bytes, confidence: 0)) }
            cover.append(f)
            at = f.end
        }
        if at < prefixEnd { cover.append(InferredField(offset: at, length: prefixEnd - at, kind: .bytes, confidence: 0)) }

        var names = Set<String>()
        var nodes = fieldNodes(cover, payloads, names: &names)
        if maxLen > prefixEnd {
            let tail = learnTail(payloads, prefixEnd: prefixEnd, prefix: nodes, prefixFields: cover, names: &names)
            if tail.count == 1, tail[0].terminal?.toEnd == true,
               let variants = learnVariants(payloads, layout: layout, prefix: nodes, prefixFields: cover, prefixEnd: prefixEnd, names: names) {
                return variants
            }
            nodes += tail
        }
        return nodes
    }

    /// Grammar fields for `cover` (contiguous fields), named uniquely within `names`.
    func fieldNodes(_ cover: [InferredField], _ payloads: [ByteSlice], names: inout Set<String>) -> [GrammarNode] {
        var nodes: [GrammarNode] = []
        for f in cover {
            var name = f.name.map { GrammarNames.identifier($0, fallback: "f\(f.offset)") } ?? "f\(f.offset)"
            if names.contains(name) { name += "_\(f.offset)" }
            names.insert(name)
            var node = GrammarNode.field(name, terminal(for: f, payloads), meaning: f.kind == .bytes && f.confidence == 0 ? nil : f.kind)
            if let t = node.terminal, t.isInteger, f.kind == .length || f.kind == .integer {
                node.lengthRelation = lengthRelation(f, payloads, threshold: f.kind == .length ? 0.95 : 1.0)
            }
            if f.kind == .checksum, [1, 2, 4].contains(f.length) {
                node.checksum = ChecksumLearner.find(field: f, payloads)
            }
            nodes.append(node)
        }
        return nodes
    }

    /// Fields for the bytes `start..<end` of messages at least `end` long: the layout's fields that lie inside,
    /// gaps as opaque bytes.
    func segment(_ payloads: [ByteSlice], layout: [InferredField], from start: Int, to end: Int,
                 names: inout Set<String>) -> [GrammarNode] {
        var cover: [InferredField] = []
        var at = start
        for f in layout.sorted(by: { ($0.offset, $0.length) < ($1.offset, $1.length) })
        where f.length > 0 && f.offset >= at && f.end <= end {
            if f.offset > at { cover.append(InferredField(offset: at, length: f.offset - at, kind: .bytes, confidence: 0)) }
            cover.append(f)
            at = f.end
        }
        if at < end { cover.append(InferredField(offset: at, length: end - at, kind: .bytes, confidence: 0)) }
        return fieldNodes(cover, payloads, names: &names)
    }

    /// A type whose messages come in a few distinct lengths, each seen more than once, and whose tail no length
    /// field, item chain or delimiter explains: the layouts per length, as evidence allows.
    ///
    /// - An enumeration of the prefix whose values never share a length (the value decides the layout): alternatives
    ///   keyed by it, one branch per length, each starting with that value set (closed).
    /// - Otherwise, when the lengths disagree on a constant in the bytes all of them share: alternatives by length,
    ///   longest first.
    /// - Otherwise the shorter messages end early: nested optional groups, one per further length.
    ///
    /// Returns the type's whole element list, or nil when the evidence does not hold (the tail stays opaque).
    func learnVariants(_ payloads: [ByteSlice], layout: [InferredField], prefix: [GrammarNode], prefixFields: [InferredField],
                       prefixEnd: Int, names: Set<String>) -> [GrammarNode]? {
        var byLength: [Int: [Int]] = [:]
        for (i, p) in payloads.enumerated() { byLength[p.count, default: []].append(i) }
        let lengths = byLength.keys.sorted()
        guard (2...maxVariants).contains(lengths.count), byLength.values.allSatisfy({ $0.count >= 2 }),
              let longest = lengths.last, longest <= 4096 else { return nil }
        let total = Double(payloads.count)
        func group(_ len: Int) -> [ByteSlice] { byLength[len]!.map { payloads[$0] } }

        // 1. A key: a prefix enumeration whose value sets per length are disjoint.
        for (i, (node, f)) in zip(prefix, prefixFields).enumerated() {
            guard node.kind == .field, let t = node.terminal, t.kind == .enumeration, let w = t.width else { continue }
            let sets = lengths.map { Set(values(f, group($0), bigEndian: t.isBigEndian)) }
            let union = sets.reduce(into: Set<UInt64>()) { $0.formUnion($1) }
            guard union.count == sets.reduce(0, { $0 + $1.count }) else { continue }
            var branches: [[GrammarNode]] = []
            var weights: [Double] = []
            for len in lengths.reversed() {
                let g = group(len)
                var branchNames = Set(prefix[..<i].map(\.name))
                branchNames.insert(node.name)
                var key = node
                var kt = terminal(for: InferredField(offset: f.offset, length: w, kind: .enumeration, confidence: f.confidence,
                                                     endianness: t.endianness), g)
                if kt.kind != .enumeration {
                    let v = values(f, [g[0]], bigEndian: t.isBigEndian)[0]
                    kt = .enumeration(width: w, endianness: t.endianness ?? .big, values: [.init(value: v, probability: 1 - otherMass)], other: otherMass)
                }
                kt.closed = true
                key.terminal = kt
                branches.append([key] + segment(g, layout: layout, from: f.end, to: len, names: &branchNames))
                weights.append(Double(g.count) / total)
            }
            return Array(prefix[..<i]) + [.alternatives("variant", branches, weights: weights)]
        }

        // 2. Per-length layouts that disagree on a shared constant: alternatives by length.
        let shortest = lengths[0]
        var shared: [[GrammarNode]] = []
        for len in lengths {
            var scratch = names
            shared.append(segment(group(len), layout: layout, from: prefixEnd, to: shortest, names: &scratch))
        }
        var disagree = false
        for k in shared[0].indices {
            let consts = Set(shared.compactMap { $0[k].terminal?.kind == .constant ? $0[k].terminal?.constantHex : nil })
            if consts.count > 1 { disagree = true; break }
        }
        if disagree {
            var branches: [[GrammarNode]] = []
            var weights: [Double] = []
            for len in lengths.reversed() where len > prefixEnd {
                var branchNames = names
                let g = group(len)
                branches.append(segment(g, layout: layout, from: prefixEnd, to: shortest, names: &branchNames)
                                + segment(g, layout: layout, from: shortest, to: len, names: &branchNames))
                weights.append(Double(byLength[len]!.count) / total)
            }
            guard branches.count == lengths.count else { return nil }
            return prefix + [.alternatives("variant", branches, weights: weights)]
        }

        // 3. Shorter messages end early: nested optional groups.
        var all = names
        var nodes = prefix + segment(payloads, layout: layout, from: prefixEnd, to: shortest, names: &all)
        var inner: [GrammarNode] = []
        for k in stride(from: lengths.count - 1, through: 1, by: -1) {
            let from = lengths[k - 1], to = lengths[k]
            let longer = payloads.filter { $0.count >= to }
            let atLeastFrom = payloads.count { $0.count >= from }
            var body = segment(longer, layout: layout, from: from, to: to, names: &all)
            body += inner
            inner = [.optional("more\(from)", body, probability: Double(longer.count) / Double(max(atLeastFrom, 1)))]
        }
        nodes += inner
        return nodes
    }

    func values(_ f: InferredField, _ payloads: [ByteSlice], bigEndian: Bool) -> [UInt64] {
        payloads.map { p in
            var v: UInt64 = 0
            if bigEndian { for i in 0..<f.length { v = v << 8 | UInt64(p[f.offset + i]) } }
            else { for i in (0..<f.length).reversed() { v = v << 8 | UInt64(p[f.offset + i]) } }
            return v
        }
    }

    func terminal(for f: InferredField, _ payloads: [ByteSlice]) -> GrammarTerminal {
        let first = payloads[0][f.offset..<f.end]
        if payloads.allSatisfy({ $0[f.offset..<f.end] == first }) { return .constant(first.array) }
        let numericWidth = f.length <= 8
        let textual: Set<FieldKind> = [.string, .lengthPrefixedString, .bytes, .padding, .ipv4]
        guard numericWidth, !textual.contains(f.kind) || (f.kind == .bytes && f.confidence > 0 && f.length <= 2) else {
            return .fixedBytes(f.length)
        }
        let endian = f.endianness ?? .big
        let vs = values(f, payloads, bigEndian: endian == .big)
        var counts: [UInt64: Int] = [:]
        for v in vs { counts[v, default: 0] += 1 }
        let enumLike = f.kind == .enumeration || f.kind == .flags || f.kind == .constant
            || (counts.count <= min(maxEnumValues, 8) && payloads.count >= 4 * counts.count && f.kind != .counter
                && f.kind != .length && f.kind != .timestamp && f.kind != .checksum)
        if enumLike && counts.count <= maxEnumValues {
            let n = Double(vs.count)
            let vals = counts.sorted { $0.key < $1.key }.map {
                GrammarTerminal.EnumValue(value: $0.key, probability: Double($0.value) / n * (1 - otherMass))
            }
            return .enumeration(width: f.length, endianness: endian, values: vals, other: otherMass)
        }
        return .integer(width: f.length, endianness: endian, minimum: vs.min() ?? 0, maximum: vs.max() ?? 0)
    }

    /// `message length − value` when it is the same for at least `threshold` of the messages.
    func lengthRelation(_ f: InferredField, _ payloads: [ByteSlice], threshold: Double) -> Int? {
        let vs = values(f, payloads, bigEndian: f.endianness != .little)
        var counts: [Int: Int] = [:]
        for (p, v) in zip(payloads, vs) where v <= UInt64(Int32.max) { counts[p.count - Int(v), default: 0] += 1 }
        guard let best = counts.max(by: { $0.value < $1.value }),
              Double(best.value) >= threshold * Double(payloads.count) else { return nil }
        return best.key
    }

    func learnTail(_ payloads: [ByteSlice], prefixEnd: Int, prefix: [GrammarNode], prefixFields: [InferredField],
                   names: inout Set<String>) -> [GrammarNode] {
        // 1. A prefix integer whose value fixes the tail's size in every message.
        for (node, f) in zip(prefix, prefixFields) {
            guard let t = node.terminal, t.isInteger, let w = t.width, w <= 4 else { continue }
            if let c = lengthRelation(f, payloads, threshold: 1.0), !(f.kind != .length && payloads.count < 8) {
                let ok = payloads.allSatisfy { $0.count - prefixEnd >= 0 }
                if ok { return [.field("body", .bytes(lengthFrom: node.name, adjust: c - prefixEnd), meaning: .bytes)] }
            }
        }
        let tails = payloads.map { $0[prefixEnd..<$0.count] }
        // 2. A chain of tag-length-value items.
        if let tlv = TailTLVShape.detect(tails) {
            var countFrom: String?
            for (node, f) in zip(prefix, prefixFields) {
                guard let t = node.terminal, t.isInteger, f.length <= 4 else { continue }
                let vs = values(f, payloads, bigEndian: t.isBigEndian)
                if zip(vs, tails).allSatisfy({ $0.0 == UInt64(tlv.count($0.1)) }) && tails.contains(where: { tlv.count($0) > 1 }) {
                    countFrom = node.name
                    break
                }
            }
            let endian: Endianness = tlv.bigEndian ? .big : .little
            let item: [GrammarNode] = [
                .field("tag", .integer(width: tlv.tagWidth, endianness: endian, minimum: 0, maximum: (1 << UInt64(8 * tlv.tagWidth)) - 1), meaning: .enumeration),
                .field("len", .integer(width: tlv.lengthWidth, endianness: endian, minimum: 0, maximum: (1 << UInt64(8 * tlv.lengthWidth)) - 1), meaning: .length),
                .field("value", .bytes(lengthFrom: "len", adjust: 0), meaning: .bytes),
            ]
            let mean = Double(tails.reduce(0) { $0 + tlv.count($1) }) / Double(max(tails.count, 1))
            return [.repeated("items", item, countFrom: countFrom, probability: mean / (mean + 1))]
        }
        // 3. A string that ends with the same delimiter in every message, and nowhere earlier.
        for d in [[UInt8(13), 10], [0], [10]] as [[UInt8]] {
            let nonEmpty = tails.filter { $0.count > 0 }
            guard !nonEmpty.isEmpty, nonEmpty.allSatisfy({ DelimiterScan.endsOnlyAtEnd($0, d) }) else { continue }
            let s = GrammarNode.field("text", .delimitedString(d), meaning: .string)
            if nonEmpty.count == tails.count { return [s] }
            return [.optional("tail", [s], probability: Double(nonEmpty.count) / Double(tails.count))]
        }
        // 4. Opaque bytes to the end.
        return [.field("rest", .bytesToEnd, meaning: .bytes)]
    }
}

