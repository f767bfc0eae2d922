/// The readable form of a grammar: ABNF-like rules with probabilities, for the README, the CLI and the workbench.
///
/// ```
/// Message = T1 [0.620] / T2 [0.380]
/// T1 = f0 f1 body            ; 620 msgs, 12..48 bytes
///   f0 = %x17                ; constant
///   f1 = u8 {1 [0.50], 2 [0.50], * [0.00]}
///   body = bytes(f1 - 3)
/// ```
public enum GrammarText {
    public static func render(_ g: Grammar, maxEnumValues: Int = 8) -> String {
        var s = "; grammar of \(g.captureName): \(g.types.count) types"
        if let em = g.em, let ll = em.finalLogLikelihood {
            s += ", EM \(em.iterations.count) iterations\(em.converged ? " (converged)" : ""), log-likelihood \(fmt(ll, 1))"
        }
        s += "\n"
        let order = g.parseOrder
        s += "Message = " + order.map { "\(g.types[$0].id) [\(fmt(g.types[$0].probability, 3))]" }.joined(separator: " / ") + "\n"
        for t in order {
            let type = g.types[t]
            s += "\(type.id) = " + type.nodes.map(\.name).joined(separator: " ")
            s += "    ; \(type.count) msgs, \(type.minLength == type.maxLength ? "\(type.minLength)" : "\(type.minLength)..\(type.maxLength)") bytes"
            if let n = type.name { s += ", \"\(n)\"" }
            s += "\n"
            s += nodes(type.nodes, indent: "  ", maxEnumValues: maxEnumValues)
        }
        return s
    }

    static func nodes(_ list: [GrammarNode], indent: String, maxEnumValues: Int) -> String {
        var s = ""
        for n in list {
            switch n.kind {
            case .field:
                s += "\(indent)\(n.name) = \(n.terminal.map { terminal($0, maxEnumValues) } ?? "?")"
                var notes: [String] = []
                if let m = n.meaning { notes.append(m.rawValue) }
                if let r = n.lengthRelation { notes.append("= length - \(r)") }
                if let c = n.checksum { notes.append("checksum \(c.rawValue)") }
                if !notes.isEmpty { s += "    ; " + notes.joined(separator: ", ") }
                s += "\n"
            case .optional:
                s += "\(indent)\(n.name) = [ " + (n.body ?? []).map(\.name).joined(separator: " ") + " ]  [p \(fmt(n.probability ?? 0, 3))]\n"
                s += nodes(n.body ?? [], indent: indent + "  ", maxEnumValues: maxEnumValues)
            case .repeated:
                let count = n.countFrom.map { "\($0)*" } ?? "*"
                s += "\(indent)\(n.name) = \(count)( " + (n.body ?? []).map(\.name).joined(separator: " ") + " )"
                if n.countFrom == nil { s += "  [continue \(fmt(n.probability ?? 0, 3))]" }
                s += "\n" + nodes(n.body ?? [], indent: indent + "  ", maxEnumValues: maxEnumValues)
            case .alternatives:
                let cs = n.choices ?? []
                let w = n.weights ?? []
                s += "\(indent)\(n.name) = " + cs.enumerated().map { c, br in
                    "( " + br.map(\.name).joined(separator: " ") + " ) [\(fmt(c < w.count ? w[c] : 0, 3))]"
                }.joined(separator: " / ") + "\n"
                for br in cs { s += nodes(br, indent: indent + "  ", maxEnumValues: maxEnumValues) }
            }
        }
        return s
    }

    static func terminal(_ t: GrammarTerminal, _ maxEnumValues: Int) -> String {
        let e = t.endianness == .little ? "le" : "be"
        let w = t.width ?? 0
        let int = w == 1 ? "u8" : "u\(w * 8)\(e)"
        switch t.kind {
        case .constant: return "%x" + (t.constantHex ?? "")
        case .enumeration:
            let vs = t.values ?? []
            var parts = vs.prefix(maxEnumValues).map { "\($0.value) [\(fmt($0.probability, 2))]" }
            if vs.count > maxEnumValues { parts.append("… \(vs.count - maxEnumValues) more") }
            parts.append("* [\(fmt(t.otherProbability ?? 0, 2))]")
            return "\(int) {" + parts.joined(separator: ", ") + "}" + (t.closed == true ? " (selects the type)" : "")
        case .integer: return "\(int) \(t.minimum ?? 0)..\(t.maximum ?? 0)"
        case .lengthPrefixedString: return "string(\(int) length)"
        case .delimitedString: return "string(until %x\(t.delimiterHex ?? ""))"
        case .bytes:
            if let f = t.lengthFrom {
                let a = t.lengthAdjust ?? 0
                return "bytes(\(f)\(a == 0 ? "" : a > 0 ? " + \(a)" : " - \(-a)"))"
            }
            if t.toEnd == true { return "bytes(*)" }
            return "bytes(\(w))"
        }
    }

    /// A fixed-point figure without locale surprises: `fmt(0.5, 3)` is `0.500`.
    public static func fmt(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        let v = (abs(x) * p).rounded()
        let whole = Int(v / p)
        let frac = Int(v.truncatingRemainder(dividingBy: p))
        var fs = String(frac)
        while fs.count < digits { fs = "0" + fs }
        return (x < 0 && v > 0 ? "-" : "") + "\(whole)" + (digits > 0 ? ".\(fs)" : "")
    }
}
