/// A grammar compiled into a table-driven program that turns bytes into parse trees.
///
/// Each type becomes a flat list of instructions over trivially copyable opcodes; groups point at sub-programs.
/// Integer fields store their value in a per-type slot so later elements (field-given lengths, counts) can read
/// it. Alternatives backtrack, with failures memoised per (instruction, offset) so no branch is retried at the same
/// place. Variable fields are matched by class (width, delimiter, given length), never by the values seen.
public struct GrammarParser: Sendable {
    enum Op: Sendable {
        case constant(poolStart: Int, count: Int)
        case integer(width: Int, bigEndian: Bool)
        /// An integer that must be one of `enumSets[set]` (a type-selecting enumeration).
        case closedEnum(width: Int, bigEndian: Bool, set: Int)
        /// An enumeration: any value matches, but the first pass over the types prefers learned values.
        case openEnum(width: Int, bigEndian: Bool, set: Int)
        case lengthPrefixed(width: Int, bigEndian: Bool)
        case delimited(poolStart: Int, count: Int)
        case fixedBytes(Int)
        case bytesFrom(slot: Int, adjust: Int)
        case bytesToEnd
        case optional(program: Int)
        case repeatToEnd(program: Int)
        case repeatCount(slot: Int, program: Int)
        /// Index into `alternativeTable`.
        case alternatives(table: Int)
    }

    struct Instr: Sendable {
        var op: Op
        var node: Int32
        /// Slot an integer is stored in, or -1.
        var slot: Int
    }

    public let grammar: Grammar
    /// Every grammar node in pre-order (see `Grammar.updateNodes`).
    public let nodes: [ParserNodeInfo]
    let instrs: [Instr]
    /// Start and end of each program in `instrs`.
    let programs: [Range<Int>]
    let typeProgram: [Int]
    let alternativeTable: [[Int]]
    let enumSets: [[UInt64]]
    let pool: [UInt8]
    let maxSlots: Int
    /// Type indices in the order they are tried (`Grammar.parseOrder`).
    public let order: [Int]

    /// Compiles `grammar`; a reference to an unknown or non-integer field, or a malformed terminal, is error 5008.
    public init(grammar: Grammar) throws {
        self.grammar = grammar
        var b = ParserBuilder()
        var typeProgram: [Int] = []
        for (t, type) in grammar.types.enumerated() {
            var scope: [String: Int] = [:]
            var slotCount = 0
            typeProgram.append(try b.compile(type.nodes, type: t, prefix: type.id, scope: &scope, slotCount: &slotCount))
            b.maxSlots = max(b.maxSlots, slotCount)
        }
        self.nodes = b.nodes
        self.instrs = b.instrs
        self.programs = b.programs
        self.typeProgram = typeProgram
        self.alternativeTable = b.alternativeTable
        self.enumSets = b.enumSets
        self.pool = b.pool
        self.maxSlots = max(b.maxSlots, 1)
        self.order = grammar.parseOrder
    }

    /// Parses one message: the first type in `order` that consumes it completely, or the failure that got furthest.
    public func parse(_ bytes: ByteSlice) -> Result<ParseTree, ParseFailure> {
        bytes.withUnsafeBytes { parse($0) }
    }

    public func parse(_ buffer: UnsafeRawBufferPointer) -> Result<ParseTree, ParseFailure> {
        var best = ParseFailure(offset: 0, expected: "a message type", typeID: nil)
        var bestOffset = -1
        var fields: [ParsedField] = []
        fields.reserveCapacity(16)
        for preferLearned in [true, false] {
            for t in order {
                fields.removeAll(keepingCapacity: true)
                switch run(type: t, buffer, fields: &fields, collect: true, preferLearned: preferLearned) {
                case .success:
                    return .success(ParseTree(typeIndex: t, typeID: grammar.types[t].id, length: buffer.count, fields: fields))
                case .failure(let f):
                    if !preferLearned && f.offset > bestOffset { bestOffset = f.offset; best = f }
                }
            }
        }
        return .failure(best)
    }

    /// Parses under one given type, for EM and for validation.
    public func parse(_ bytes: ByteSlice, asType t: Int) -> Result<ParseTree, ParseFailure> {
        bytes.withUnsafeBytes { buf in
            var fields: [ParsedField] = []
            fields.reserveCapacity(16)
            return run(type: t, buf, fields: &fields, collect: true).map {
                ParseTree(typeIndex: t, typeID: grammar.types[t].id, length: buf.count, fields: fields)
            }
        }
    }

    /// The index of the type a message parses as, without building a tree (the fast path).
    public func matchType(_ bytes: ByteSlice) -> Int? {
        bytes.withUnsafeBytes { buf in
            var none: [ParsedField] = []
            for preferLearned in [true, false] {
                for t in order {
                    if case .success = run(type: t, buf, fields: &none, collect: false, preferLearned: preferLearned) { return t }
                }
            }
            return nil
        }
    }

    /// The decoded value of a terminal field as text: integers in decimal, strings quoted when printable, else hex.
    public func describe(_ f: ParsedField, in bytes: ByteSlice) -> String {
        if f.hasValue { return String(f.value) }
        let end = min(f.end, bytes.count)
        guard Int(f.offset) <= end else { return "" }
        let raw = bytes[Int(f.offset)..<end].array
        if !raw.isEmpty, raw.allSatisfy({ ($0 >= 32 && $0 < 127) || $0 == 9 || $0 == 10 || $0 == 13 || $0 == 0 }) {
            return "\"" + String(decoding: raw.filter { $0 != 0 }, as: UTF8.self)
                .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n") + "\""
        }
        return "0x" + Hex.encode(Array(raw.prefix(32))) + (raw.count > 32 ? "…" : "")
    }

    // MARK: - Interpreter

    struct Failure { var offset: Int; var node: Int32; var expected: String }

    /// Runs one type's program. With `preferLearned`, enumerations match only their learned values: the first
    /// pass over the types uses it so a message goes to the type whose value sets fit; the second pass matches by
    /// class alone, so values never seen still parse.
    func run(type t: Int, _ buf: UnsafeRawBufferPointer, fields: inout [ParsedField], collect: Bool,
             preferLearned: Bool = false) -> Result<Void, ParseFailure> {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: maxSlots) { slots in
            instrs.withUnsafeBufferPointer { ins in
                pool.withUnsafeBufferPointer { pl in
                    var m = Machine(ins: ins, pool: pl, programs: programs, alternatives: alternativeTable, enumSets: enumSets,
                                    base: buf.baseAddress, end: buf.count, slots: slots, collect: collect,
                                    preferLearned: preferLearned)
                    var fail = Failure(offset: 0, node: -1, expected: "")
                    guard let stop = m.runProgram(typeProgram[t], at: 0, fields: &fields, fail: &fail) else {
                        return .failure(ParseFailure(offset: fail.offset, expected: fail.expected.isEmpty ? "a valid \(grammar.types[t].id)" : fail.expected,
                                                     typeID: grammar.types[t].id))
                    }
                    if stop != buf.count {
                        return .failure(ParseFailure(offset: stop, expected: "end of message", typeID: grammar.types[t].id))
                    }
                    return .success(())
                }
            }
        }
    }

    struct Machine {
        let ins: UnsafeBufferPointer<Instr>
        let pool: UnsafeBufferPointer<UInt8>
        let programs: [Range<Int>]
        let alternatives: [[Int]]
        let enumSets: [[UInt64]]
        let base: UnsafeRawPointer?
        let end: Int
        let slots: UnsafeMutableBufferPointer<UInt64>
        let collect: Bool
        let preferLearned: Bool
        var failedAt: Set<Int> = []

        @inline(__always) func byte(_ i: Int) -> UInt8 { base!.load(fromByteOffset: i, as: UInt8.self) }

        @inline(__always) func readUInt(_ at: Int, _ width: Int, _ big: Bool) -> UInt64 {
            var v: UInt64 = 0
            if big {
                for i in 0..<width { v = v << 8 | UInt64(byte(at + i)) }
            } else {
                var i = width - 1
                while i >= 0 { v = v << 8 | UInt64(byte(at + i)); i -= 1 }
            }
            return v
        }

        mutating func runProgram(_ p: Int, at start: Int, fields: inout [ParsedField], fail: inout Failure) -> Int? {
            var off = start
            for i in programs[p] {
                let ins = self.ins[i]
                switch ins.op {
                case .constant(let ps, let n):
                    guard end - off >= n else { fail = .init(offset: off, node: ins.node, expected: "constant 0x\(hex(ps, n))"); return nil }
                    for k in 0..<n where byte(off + k) != pool[ps + k] {
                        fail = .init(offset: off + k, node: ins.node, expected: "constant 0x\(hex(ps, n))")
                        return nil
                    }
                    emit(&fields, ins.node, off, n)
                    off += n
                case .integer(let w, let big):
                    guard end - off >= w else { fail = .init(offset: off, node: ins.node, expected: "\(w)-byte integer"); return nil }
                    let v = readUInt(off, w, big)
                    if ins.slot >= 0 { slots[ins.slot] = v }
                    if collect { fields.append(ParsedField(node: ins.node, offset: Int32(off), length: Int32(w), value: v, hasValue: true, isGroup: false)) }
                    off += w
                case .closedEnum(let w, let big, let set), .openEnum(let w, let big, let set):
                    guard end - off >= w else { fail = .init(offset: off, node: ins.node, expected: "\(w)-byte integer"); return nil }
                    let v = readUInt(off, w, big)
                    var closed = preferLearned
                    if case .closedEnum = ins.op { closed = true }
                    guard !closed || enumSets[set].contains(v) else {
                        fail = .init(offset: off, node: ins.node, expected: "one of \(enumSets[set].prefix(8).map(String.init).joined(separator: ", "))")
                        return nil
                    }
                    if ins.slot >= 0 { slots[ins.slot] = v }
                    if collect { fields.append(ParsedField(node: ins.node, offset: Int32(off), length: Int32(w), value: v, hasValue: true, isGroup: false)) }
                    off += w
                case .lengthPrefixed(let w, let big):
                    guard end - off >= w else { fail = .init(offset: off, node: ins.node, expected: "\(w)-byte string length"); return nil }
                    let n = Int(clamping: readUInt(off, w, big))
                    guard end - off - w >= n else { fail = .init(offset: off, node: ins.node, expected: "string of \(n) bytes"); return nil }
                    emit(&fields, ins.node, off, w + n)
                    off += w + n
                case .delimited(let ps, let n):
                    var k = off
                    var found = -1
                    while k + n <= end {
                        var match = true
                        for j in 0..<n where byte(k + j) != pool[ps + j] { match = false; break }
                        if match { found = k; break }
                        k += 1
                    }
                    guard found >= 0 else { fail = .init(offset: off, node: ins.node, expected: "string ending 0x\(hex(ps, n))"); return nil }
                    emit(&fields, ins.node, off, found + n - off)
                    off = found + n
                case .fixedBytes(let n):
                    guard end - off >= n else { fail = .init(offset: off, node: ins.node, expected: "\(n) bytes"); return nil }
                    emit(&fields, ins.node, off, n)
                    off += n
                case .bytesFrom(let s, let adjust):
                    let n = Int(clamping: slots[s]) + adjust
                    guard n >= 0, end - off >= n else {
                        fail = .init(offset: off, node: ins.node, expected: "\(max(n, 0)) bytes (length field)")
                        return nil
                    }
                    emit(&fields, ins.node, off, n)
                    off += n
                case .bytesToEnd:
                    emit(&fields, ins.node, off, end - off)
                    off = end
                case .optional(let body):
                    let mark = fields.count
                    let groupAt = fields.count
                    if collect { fields.append(group(ins.node, off, 1)) }
                    var sub = fail
                    if let next = runProgram(body, at: off, fields: &fields, fail: &sub) {
                        off = next
                    } else {
                        if sub.offset > fail.offset { fail = sub }
                        if collect { fields.removeSubrange(mark...); fields.append(group(ins.node, off, 0)) }
                    }
                    _ = groupAt
                case .repeatToEnd(let body):
                    let groupAt = fields.count
                    if collect { fields.append(group(ins.node, off, 0)) }
                    var count: UInt64 = 0
                    while off < end {
                        guard let next = runProgram(body, at: off, fields: &fields, fail: &fail), next > off else { return nil }
                        off = next
                        count += 1
                    }
                    if collect { fields[groupAt].value = count }
                case .repeatCount(let s, let body):
                    let n = slots[s]
                    guard n <= UInt64(end - off) + 1 else { fail = .init(offset: off, node: ins.node, expected: "\(n) repetitions"); return nil }
                    if collect { fields.append(group(ins.node, off, n)) }
                    var k: UInt64 = 0
                    while k < n {
                        guard let next = runProgram(body, at: off, fields: &fields, fail: &fail) else { return nil }
                        off = next
                        k += 1
                    }
                case .alternatives(let table):
                    let mark = fields.count
                    var chosen = -1
                    for (c, body) in alternatives[table].enumerated() {
                        let key = (i << 40) | (off << 8) | c
                        if failedAt.contains(key) { continue }
                        if collect { fields.append(group(ins.node, off, UInt64(c))) }
                        var sub = fail
                        if let next = runProgram(body, at: off, fields: &fields, fail: &sub) {
                            off = next
                            chosen = c
                            break
                        }
                        failedAt.insert(key)
                        if sub.offset > fail.offset { fail = sub }
                        if collect { fields.removeSubrange(mark...) }
                    }
                    guard chosen >= 0 else {
                        if fail.node < 0 { fail = .init(offset: off, node: ins.node, expected: "one of the alternatives") }
                        return nil
                    }
                }
            }
            return off
        }

        @inline(__always) func group(_ node: Int32, _ off: Int, _ v: UInt64) -> ParsedField {
            ParsedField(node: node, offset: Int32(truncatingIfNeeded: off), length: 0, value: v, hasValue: false, isGroup: true)
        }

        @inline(__always) func emit(_ fields: inout [ParsedField], _ node: Int32, _ off: Int, _ n: Int) {
            if collect {
                fields.append(ParsedField(node: node, offset: Int32(truncatingIfNeeded: off), length: Int32(truncatingIfNeeded: n),
                                          value: 0, hasValue: false, isGroup: false))
            }
        }

        func hex(_ ps: Int, _ n: Int) -> String { Hex.encode(Array(pool[ps..<(ps + n)])) }
    }
}

/// Compiles grammar nodes into the parser's instruction table.
struct ParserBuilder {
    var nodes: [ParserNodeInfo] = []
    var instrs: [GrammarParser.Instr] = []
    var programs: [Range<Int>] = []
    var alternativeTable: [[Int]] = []
    var enumSets: [[UInt64]] = []
    var pool: [UInt8] = []
    var maxSlots = 0

    /// Compiles `list` into a new program and returns its index. Nodes are numbered in pre-order as they are met.
    mutating func compile(_ list: [GrammarNode], type t: Int, prefix: String, scope: inout [String: Int],
                          slotCount: inout Int) throws -> Int {
        var pending: [GrammarParser.Instr] = []
        for node in list {
            let id = Int32(nodes.count)
            let path = "\(prefix)/\(node.name)"
            nodes.append(ParserNodeInfo(typeIndex: t, name: node.name, path: path, kind: node.kind, terminal: node.terminal,
                                        meaning: node.meaning, countFrom: node.countFrom,
                                        lengthRelation: node.lengthRelation, checksum: node.checksum))
            switch node.kind {
            case .field:
                guard let term = node.terminal else { throw bad("field \(path) has no terminal") }
                var slot = -1
                let op: GrammarParser.Op
                switch term.kind {
                case .constant:
                    let bytes = term.constantBytes
                    guard !bytes.isEmpty else { throw bad("constant \(path) is empty") }
                    op = .constant(poolStart: pool.count, count: bytes.count)
                    pool += bytes
                case .enumeration, .integer:
                    guard let w = term.width, (1...8).contains(w) else { throw bad("integer \(path) needs a width of 1 to 8") }
                    slot = slotCount
                    slotCount += 1
                    scope[node.name] = slot
                    if term.kind == .enumeration {
                        enumSets.append((term.values ?? []).filter { $0.probability > 0 }.map(\.value).sorted())
                        op = term.closed == true ? .closedEnum(width: w, bigEndian: term.isBigEndian, set: enumSets.count - 1)
                            : .openEnum(width: w, bigEndian: term.isBigEndian, set: enumSets.count - 1)
                    } else {
                        op = .integer(width: w, bigEndian: term.isBigEndian)
                    }
                case .lengthPrefixedString:
                    guard let w = term.width, (1...8).contains(w) else { throw bad("string \(path) needs a prefix width of 1 to 8") }
                    op = .lengthPrefixed(width: w, bigEndian: term.isBigEndian)
                case .delimitedString:
                    let d = term.delimiterBytes
                    guard !d.isEmpty else { throw bad("string \(path) has no delimiter") }
                    op = .delimited(poolStart: pool.count, count: d.count)
                    pool += d
                case .bytes:
                    if let from = term.lengthFrom {
                        guard let s = scope[from] else { throw bad("\(path) takes its length from unknown field '\(from)'") }
                        op = .bytesFrom(slot: s, adjust: term.lengthAdjust ?? 0)
                    } else if term.toEnd == true {
                        op = .bytesToEnd
                    } else {
                        guard let w = term.width, w >= 0 else { throw bad("bytes \(path) need a width, a length field or to-end") }
                        op = .fixedBytes(w)
                    }
                }
                pending.append(.init(op: op, node: id, slot: slot))
            case .optional, .repeated:
                guard let body = node.body, !body.isEmpty else { throw bad("group \(path) is empty") }
                let p = try compile(body, type: t, prefix: path + (node.kind == .repeated ? "[]" : "?"), scope: &scope,
                                    slotCount: &slotCount)
                if node.kind == .optional {
                    pending.append(.init(op: .optional(program: p), node: id, slot: -1))
                } else if let from = node.countFrom {
                    guard let s = scope[from] else { throw bad("\(path) takes its count from unknown field '\(from)'") }
                    pending.append(.init(op: .repeatCount(slot: s, program: p), node: id, slot: -1))
                } else {
                    pending.append(.init(op: .repeatToEnd(program: p), node: id, slot: -1))
                }
            case .alternatives:
                guard let choices = node.choices, !choices.isEmpty else { throw bad("alternatives \(path) have no branch") }
                var ps: [Int] = []
                for (c, branch) in choices.enumerated() {
                    var branchScope = scope
                    ps.append(try compile(branch, type: t, prefix: "\(path)|\(c)", scope: &branchScope, slotCount: &slotCount))
                }
                alternativeTable.append(ps)
                pending.append(.init(op: .alternatives(table: alternativeTable.count - 1), node: id, slot: -1))
            }
        }
        let start = instrs.count
        instrs += pending
        programs.append(start..<instrs.count)
        return programs.count - 1
    }

    func bad(_ s: String) -> QbitelError { QbitelError(.badGrammar, s) }
}
