/// Writes a Kaitai Struct `.ksy` from a grammar.
///
/// `meta` (id, endian), a top-level `seq` whose one element switches on the type selector, one entry in `types` per
/// message type (with `contents`, integer types, `enum`s, `size` from fields, `size-eos`, `repeat`), and `enums` for
/// the learned enumerations. Kaitai cannot backtrack, so the type is chosen by a selector the grammar supports: a
/// field at the same offset that is constant or an enumeration with disjoint values in every type; failing that,
/// the message length when the types' fixed lengths differ; failing that, the most probable type.
public struct KaitaiExporter: Sendable {
    public let grammar: Grammar

    public init(grammar: Grammar) { self.grammar = grammar }

    struct Selector {
        var offset: Int
        var width: Int
        var bigEndian: Bool
        var cases: [(value: UInt64, type: Int)]
    }

    public func render() -> String {
        let g = grammar
        let base = g.captureName.split(separator: "/").last.map(String.init) ?? g.captureName
        let id = "qbitel_" + String(ExportNames.lowerIdentifier(base.split(separator: ".").first.map(String.init) ?? base, fallback: "capture").prefix(32))
        var typeNames: [String] = []
        var used = Set<String>()
        for t in g.types {
            var n = "msg_" + ExportNames.lowerIdentifier(t.id, fallback: "t")
            if used.contains(n) { n += "_\(used.count)" }
            used.insert(n)
            typeNames.append(n)
        }
        var s = "meta:\n"
        s += "  id: \(id)\n"
        s += "  title: \(ExportNames.yamlString("Inferred by QBITEL Workbench from " + g.captureName))\n"
        s += "  endian: \(dominantEndian() == .little ? "le" : "be")\n"
        s += "doc: \(ExportNames.yamlString(GrammarText.render(g).split(separator: "\n").prefix(2).joined(separator: " ")))\n"
        s += "seq:\n"
        s += "  - id: message\n"
        s += "    size-eos: true\n"
        let order = g.parseOrder
        if let sel = selector() {
            s += "    type:\n"
            s += "      switch-on: selector\n"
            s += "      cases:\n"
            for c in sel.cases { s += "        \(c.value): \(typeNames[c.type])\n" }
            s += "instances:\n"
            s += "  selector:\n"
            s += "    pos: \(sel.offset)\n"
            s += "    type: \(intType(sel.width, sel.bigEndian))\n"
        } else if let bySize = sizeSelector() {
            s += "    type:\n"
            s += "      switch-on: _io.size\n"
            s += "      cases:\n"
            for c in bySize { s += "        \(c.length): \(typeNames[c.type])\n" }
            if let first = order.first { s += "        _: \(typeNames[first])\n" }
        } else if let best = g.types.indices.max(by: { g.types[$0].probability < g.types[$1].probability }) {
            s += "    type: \(typeNames[best])\n"
            s += "    doc: \"no field selects the type; the most probable type is used\"\n"
        }
        var enums: [(String, [GrammarTerminal.EnumValue])] = []
        s += "types:\n"
        for (ti, t) in g.types.enumerated() {
            s += "  \(typeNames[ti]):\n"
            s += "    doc: \(ExportNames.yamlString("\(t.id)\(t.name.map { " " + $0 } ?? ""): \(t.count) messages, p = \(GrammarText.fmt(t.probability, 3))"))\n"
            var sub: [(String, [GrammarNode])] = []
            s += seq(t.nodes, prefix: typeNames[ti], indent: "    ", enums: &enums, subtypes: &sub)
            var k = 0
            while k < sub.count {
                let (name, body) = sub[k]
                s += "  \(name):\n"
                s += seq(body, prefix: name, indent: "    ", enums: &enums, subtypes: &sub)
                k += 1
            }
        }
        if !enums.isEmpty {
            s += "enums:\n"
            for (name, vals) in enums {
                s += "  \(name):\n"
                for v in vals { s += "    \(v.value): v\(v.value)\n" }
            }
        }
        return s
    }

    func seq(_ nodes: [GrammarNode], prefix: String, indent: String, enums: inout [(String, [GrammarTerminal.EnumValue])],
             subtypes: inout [(String, [GrammarNode])]) -> String {
        var s = "\(indent)seq:\n"
        var ids = Set<String>()
        func uniq(_ n: String) -> String {
            var id = ExportNames.lowerIdentifier(n, fallback: "f")
            if ids.contains(id) { id += "_\(ids.count)" }
            ids.insert(id)
            return id
        }
        var names: [String: String] = [:]
        for n in nodes {
            let id = uniq(n.name)
            names[n.name] = id
            s += "\(indent)  - id: \(id)\n"
            let p = indent + "    "
            switch n.kind {
            case .field:
                let t = n.terminal!
                switch t.kind {
                case .constant:
                    s += "\(p)contents: [\(t.constantBytes.map { String(format0x($0)) }.joined(separator: ", "))]\n"
                case .enumeration, .integer:
                    let w = t.width ?? 1
                    if [1, 2, 4, 8].contains(w) { s += "\(p)type: \(intType(w, t.isBigEndian))\n" } else { s += "\(p)size: \(w)\n" }
                    if t.kind == .enumeration, [1, 2, 4, 8].contains(w), let vals = t.values, !vals.isEmpty {
                        let en = "\(prefix)_\(id)"
                        enums.append((en, vals))
                        s += "\(p)enum: \(en)\n"
                    }
                case .lengthPrefixedString:
                    // Kaitai needs the length as its own field: this entry is the length, the next the bytes.
                    let valueID = uniq(n.name + "_value")
                    s += "\(p)type: \(intType(t.width ?? 1, t.isBigEndian))\n"
                    s += "\(indent)  - id: \(valueID)\n\(p)size: \(id)\n"
                case .delimitedString:
                    let d = t.delimiterBytes
                    s += "\(p)terminator: \(d.last.map { format0x($0) } ?? "0")\n\(p)include: true\n"
                    if d.count > 1 { s += "\(p)doc: \(ExportNames.yamlString("ends with 0x" + Hex.encode(d)))\n" }
                case .bytes:
                    if let from = t.lengthFrom {
                        let ref = names[from] ?? ExportNames.lowerIdentifier(from, fallback: "f")
                        let a = t.lengthAdjust ?? 0
                        s += "\(p)size: \(ref)\(a == 0 ? "" : a > 0 ? " + \(a)" : " - \(-a)")\n"
                    } else if t.toEnd == true {
                        s += "\(p)size-eos: true\n"
                    } else {
                        s += "\(p)size: \(t.width ?? 0)\n"
                    }
                }
            case .optional:
                let sub = "\(prefix)_\(id)"
                subtypes.append((sub, n.body ?? []))
                s += "\(p)type: \(sub)\n\(p)if: not _io.eof\n"
            case .repeated:
                let sub = "\(prefix)_\(id)"
                subtypes.append((sub, n.body ?? []))
                s += "\(p)type: \(sub)\n"
                if let c = n.countFrom { s += "\(p)repeat: expr\n\(p)repeat-expr: \(names[c] ?? ExportNames.lowerIdentifier(c, fallback: "f"))\n" }
                else { s += "\(p)repeat: eos\n" }
            case .alternatives:
                let choices = n.choices ?? []
                if let key = Self.keyedBranches(choices) {
                    // Every branch starts with the same integer, with disjoint values: read it, then switch on it.
                    s += "\(p)type: \(intType(key.width, key.bigEndian))\n"
                    let bodyID = uniq(n.name + "_body")
                    s += "\(indent)  - id: \(bodyID)\n\(p)type:\n\(p)  switch-on: \(id)\n\(p)  cases:\n"
                    for (c, branch) in choices.enumerated() {
                        let sub = "\(prefix)_\(id)_\(c)"
                        subtypes.append((sub, Array(branch.dropFirst())))
                        for v in key.values[c] { s += "\(p)    \(v): \(sub)\n" }
                    }
                } else if let start = fixedOffset(nodes, before: n), let widths = Self.fixedWidths(choices), Set(widths).count == widths.count {
                    // Fixed-width branches of distinct widths: the message length tells them apart.
                    s += "\(p)type:\n\(p)  switch-on: _io.size\n\(p)  cases:\n"
                    for (c, branch) in choices.enumerated() {
                        let sub = "\(prefix)_\(id)_\(c)"
                        subtypes.append((sub, branch))
                        s += "\(p)    \(start + widths[c]): \(sub)\n"
                    }
                } else {
                    let sub = "\(prefix)_\(id)"
                    subtypes.append((sub, choices.first ?? []))
                    s += "\(p)type: \(sub)\n\(p)doc: \"first of \(choices.count) alternatives (Kaitai cannot backtrack)\"\n"
                }
            }
        }
        return s
    }

    /// Byte offset of `node` when every element before it in `nodes` has a fixed width.
    func fixedOffset(_ nodes: [GrammarNode], before node: GrammarNode) -> Int? {
        var off = 0
        for n in nodes {
            if n == node { return off }
            guard n.kind == .field, let w = n.terminal?.fixedWidth else { return nil }
            off += w
        }
        return nil
    }

    /// Total width of each branch when every element of every branch has a fixed width.
    static func fixedWidths(_ choices: [[GrammarNode]]) -> [Int]? {
        var out: [Int] = []
        for b in choices {
            var w = 0
            for n in b {
                guard n.kind == .field, let x = n.terminal?.fixedWidth else { return nil }
                w += x
            }
            out.append(w)
        }
        return out
    }

    /// When every branch starts with an enumeration or constant of one width and byte order, with values no two
    /// branches share: that width, order and each branch's values.
    static func keyedBranches(_ choices: [[GrammarNode]]) -> (width: Int, bigEndian: Bool, values: [[UInt64]])? {
        guard choices.count > 1 else { return nil }
        var width: Int?, big: Bool?
        var values: [[UInt64]] = []
        var seen = Set<UInt64>()
        for b in choices {
            guard let first = b.first, first.kind == .field, let t = first.terminal, let w = t.fixedWidth, [1, 2, 4, 8].contains(w) else { return nil }
            var vs: [UInt64]
            switch t.kind {
            case .enumeration where t.closed == true: vs = (t.values ?? []).filter { $0.probability > 0 }.map(\.value)
            case .constant: vs = [t.constantBytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }]
            default: return nil
            }
            let b = t.kind == .constant ? true : t.isBigEndian
            if width == nil { width = w; big = b }
            guard width == w, big == b || w == 1, !vs.isEmpty else { return nil }
            for v in vs { guard seen.insert(v).inserted else { return nil } }
            values.append(vs.sorted())
        }
        return (width!, big!, values)
    }

    func format0x(_ b: UInt8) -> String { "0x" + Hex.encode([b]) }

    func intType(_ w: Int, _ big: Bool) -> String { w == 1 ? "u1" : "u\(w)\(big ? "be" : "le")" }

    func dominantEndian() -> Endianness {
        var le = 0, be = 0
        grammar.forEachNode { _, _, n in
            if let t = n.terminal, t.isInteger, (t.width ?? 1) > 1 { if t.endianness == .little { le += 1 } else { be += 1 } }
        }
        return le > be ? .little : .big
    }

    /// A fixed-offset field that is a constant or an enumeration in every type, with values no two types share.
    func selector() -> Selector? {
        let g = grammar
        guard g.types.count > 1 else { return nil }
        var candidates: [[Int: (width: Int, big: Bool, values: Set<UInt64>)]] = []
        for t in g.types {
            var off = 0
            var c: [Int: (Int, Bool, Set<UInt64>)] = [:]
            for n in t.nodes {
                guard n.kind == .field, let term = n.terminal, let w = term.fixedWidth else { break }
                if [1, 2, 4].contains(w) {
                    if term.kind == .constant {
                        let b = term.constantBytes
                        c[off] = (w, true, [b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }])
                    } else if term.kind == .enumeration {
                        c[off] = (w, term.isBigEndian, Set((term.values ?? []).map(\.value)))
                    }
                }
                off += w
            }
            candidates.append(c)
        }
        for (off, first) in candidates[0].sorted(by: { $0.key < $1.key }) {
            guard candidates.allSatisfy({ $0[off]?.width == first.width && $0[off]?.big == first.big }) else { continue }
            var owner: [UInt64: Int] = [:]
            var ok = true
            for (ti, c) in candidates.enumerated() {
                for v in c[off]!.values {
                    if owner[v] != nil { ok = false; break }
                    owner[v] = ti
                }
                if !ok { break }
            }
            if ok {
                return Selector(offset: off, width: first.width, bigEndian: first.big,
                                cases: owner.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
        }
        return nil
    }

    func sizeSelector() -> [(length: Int, type: Int)]? {
        let g = grammar
        guard g.types.count > 1 else { return nil }
        var seen: [Int: Int] = [:]
        for (i, t) in g.types.enumerated() where t.isFixedLayout {
            if seen[t.minLength] != nil { return nil }
            seen[t.minLength] = i
        }
        return seen.isEmpty ? nil : seen.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
