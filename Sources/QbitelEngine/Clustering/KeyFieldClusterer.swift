#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Clusters messages into types by recursively splitting on the field whose values best explain the traffic.
///
/// Like Netplier's keyword inference, but linear: every early byte (and bit-fields of it) is a candidate key; a key
/// is scored on a sample by how much information it gives about the other columns, the message length and the
/// direction (plug-in mutual information minus what chance gives with that many values), minus what the key itself
/// costs to state (its entropy, a minimum-description-length view). High-cardinality ids and counters explain
/// columns only by chance and lose; a type field that fixes the layout wins. Splitting stops when no key pays for
/// itself or a group gets small. The smoothing alphabet of a column follows the values it shows, so a key with many
/// values of a few messages each (a command byte) can still pay for itself. Finally, clusters under one split whose
/// layouts agree (direction, lengths, which leading columns are constant) are merged again: a split on an address,
/// a name or a clock byte explains columns but does not change the format. Last, over all clusters, a looser
/// agreement merges clusters whose constant columns carry the same values but for at most one: a small cluster in
/// which a name or an address happens to be fixed has more constant columns than its sibling, yet its fixed bytes
/// say it is the same format; two clusters that disagree on two fixed values (a type field and a flag) stay apart.
struct KeyFieldClusterer {
    var maxKeyPosition = 32
    var maxEvidenceColumns = 64
    var sampleSize = 384
    var minSplitSize = 6
    var maxDepth = 6
    /// Bits per message of held-out column information a split must earn beyond its own cost.
    var minScoreBits = 2.0
    /// The lower bar for a split that also separates the two directions (requests from responses): the pairing
    /// itself is evidence of a type distinction.
    var minScoreBitsWithDirection = 1.0
    /// Whole-byte value count above which a byte counts as an id, counter or payload byte: only its narrow bit
    /// fields (at most `maxValuesOfNarrowKey` values) stay candidates.
    var maxByteValuesForKey = 24
    var maxValuesOfNarrowKey = 4
    var maxKeyValues = 48
    /// Share of a group's messages whose length a byte must count to be ruled out as a key: lower than for pinning
    /// boundaries, as TCP segments that carry several units break the count for some.
    var lengthKeyAgreement = 0.6
    /// Smoothing alphabet of a byte column, as a multiple of the values it shows in the node's sample: small
    /// groups are not drowned by 256 unseen values, yet a value seen once does not look certain.
    var alphabetPerSeenValue = 4
    /// Share of leading columns whose constancy may differ between two clusters that still count as one layout.
    var layoutTolerance = 0.2
    /// The looser share for the final merge over all clusters, which also asks that the columns constant in both
    /// carry the same values but for at most `maxValueConflicts` of them.
    var crossBranchLayoutTolerance = 0.4
    var maxValueConflicts = 1
    /// Sample on which every candidate key is screened when a group is large, and how many leaders go on to the
    /// full sample: the cost per group stops growing with the number of candidates times the sample.
    var screenSize = 96
    var shortlistSize = 12

    struct Split {
        var key: KeyCandidate
        var score: Double
        /// Chosen because replies follow it (`pairedKey`).
        var paired = false
    }

    /// `context` (of the messages `msgs` were made from, in order) pairs requests with replies for `pairedKey`;
    /// without it no key is chosen that way.
    func cluster(_ msgs: [MessageBytes], indices: [Int], isText: Bool,
                 isCancelled: (@Sendable () -> Bool)?, context: SemanticContext? = nil) throws -> [TypeCluster] {
        guard !indices.isEmpty else { return [] }
        if isText { return clusterText(msgs, indices: indices) }
        var out: [TypeCluster] = []
        try split(msgs, indices, depth: 0, rule: "", confidence: 0.5, into: &out, isCancelled: isCancelled,
                  pairing: context.map { RequestResponsePairs(msgs, context: $0) })
        return Self.mergeSameLayout(msgs, out, tolerance: crossBranchLayoutTolerance, maxValueConflicts: maxValueConflicts)
    }

    private func split(_ msgs: [MessageBytes], _ members: [Int], depth: Int, rule: String, confidence: Double,
                       into out: inout [TypeCluster], isCancelled: (@Sendable () -> Bool)?,
                       pairing: RequestResponsePairs? = nil, typeColumns: Set<Int> = []) throws {
        if isCancelled?() == true { throw QbitelError(.discoveryCancelled, "discovery was cancelled while clustering") }
        guard members.count >= minSplitSize, depth < maxDepth, let best = bestSplit(msgs, members, pairing: pairing) else {
            out.append(TypeCluster(members: members, rule: rule.isEmpty ? "all messages" : rule, confidence: confidence,
                                   typeColumns: typeColumns))
            return
        }
        var childTypeColumns = typeColumns
        if best.paired, let p = best.key.position { childTypeColumns.insert(p) }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for i in members {
            let v = best.key.value(msgs[i])
            if groups[v] == nil { order.append(v) }
            groups[v, default: []].append(i)
        }
        let conf = min(0.95, max(0.3, best.score / (best.score + 4)))
        var local: [TypeCluster] = []
        for v in order {
            let label: String
            switch best.key.kind {
            case let .bits(_, mask):
                label = v == KeyCandidate.absent ? "\(best.key) absent" : "\(best.key) = 0x\(String(v, radix: 16))"
                _ = mask
            case .firstToken:
                label = "\(best.key)"
            }
            let r = rule.isEmpty ? label : "\(rule), \(label)"
            try split(msgs, groups[v]!, depth: depth + 1, rule: r, confidence: min(confidence == 0.5 ? conf : confidence, conf),
                      into: &local, isCancelled: isCancelled, pairing: pairing, typeColumns: childTypeColumns)
        }
        local = Self.mergeSameLayout(msgs, local, tolerance: layoutTolerance)
        out += local
    }

    /// Layout of a cluster: majority direction, its lengths (when few), which leading columns are constant and the
    /// leading bytes of one member (the value of each constant column).
    struct LayoutSignature: Hashable {
        var direction: Int
        var lengths: [Int]
        var constant: [Bool]
        var values: [UInt8]
    }

    /// The layout of up to 64 evenly spaced members, or nil for fewer than 3 (too few to say what is constant).
    static func signature(_ msgs: [MessageBytes], _ members: [Int]) -> LayoutSignature? {
        let sample = Self.sample(members, size: 64)
        guard sample.count >= 3 else { return nil }
        var c2s = 0, lengths = Set<Int>(), minLen = Int.max
        for i in sample {
            if msgs[i].direction == .clientToServer { c2s += 1 }
            lengths.insert(msgs[i].count)
            minLen = min(minLen, msgs[i].count)
        }
        let width = min(minLen, 64)
        var constant = [Bool](repeating: true, count: width)
        let first = msgs[sample[0]]
        for i in sample.dropFirst() { let m = msgs[i]; for j in 0..<width where constant[j] && m[j] != first[j] { constant[j] = false } }
        return LayoutSignature(direction: 2 * c2s >= sample.count ? 0 : 1,
                               lengths: lengths.count <= 3 ? lengths.sorted() : [-1], constant: constant,
                               values: (0..<width).map { first[$0] })
    }

    /// Same direction and lengths, constancy differing in at most `tolerance` of the leading columns and, when
    /// `maxValueConflicts` is given, at most that many columns constant in both with different values; in the
    /// `typeColumns` no difference at all.
    static func agree(_ a: LayoutSignature, _ b: LayoutSignature, tolerance: Double, maxValueConflicts: Int? = nil,
                      typeColumns: Set<Int> = []) -> Bool {
        guard a.direction == b.direction, a.lengths == b.lengths, a.constant.count == b.constant.count else { return false }
        for j in typeColumns where j < a.constant.count {
            if a.constant[j] != b.constant[j] || (a.constant[j] && a.values[j] != b.values[j]) { return false }
        }
        var differ = 0, conflicts = 0
        for j in a.constant.indices {
            if a.constant[j] != b.constant[j] { differ += 1 } else if a.constant[j] && a.values[j] != b.values[j] { conflicts += 1 }
        }
        if let maxValueConflicts, conflicts > maxValueConflicts { return false }
        return Double(differ) <= tolerance * Double(a.constant.count)
    }

    /// Clusters whose layouts agree are one type told apart by a value (an address, a name, a clock), not by format.
    /// Each cluster joins the first earlier one it agrees with (see `agree`).
    static func mergeSameLayout(_ msgs: [MessageBytes], _ clusters: [TypeCluster], tolerance: Double,
                                maxValueConflicts: Int? = nil) -> [TypeCluster] {
        guard clusters.count > 1 else { return clusters }
        var out: [TypeCluster] = []
        var reps: [(sig: LayoutSignature, at: Int)] = []
        var merged = Set<Int>()
        for c in clusters {
            if let sig = signature(msgs, c.members) {
                if let k = reps.first(where: {
                    Self.agree($0.sig, sig, tolerance: tolerance, maxValueConflicts: maxValueConflicts,
                               typeColumns: out[$0.at].typeColumns.union(c.typeColumns))
                })?.at {
                    out[k].members += c.members
                    out[k].typeColumns.formUnion(c.typeColumns)
                    merged.insert(k)
                    out[k].confidence = min(out[k].confidence, c.confidence)
                    if !out[k].rule.hasSuffix(" (merged by layout)") { out[k].rule += " (merged by layout)" }
                    continue
                }
                reps.append((sig, out.count))
            }
            out.append(c)
        }
        for k in merged { out[k].members.sort() }
        return out
    }

    /// The best-scoring key on a sample of `members`, or nil when none pays for itself.
    /// With `pairing` (the whole capture, before any split), a capture no key splits gets one more chance: a key
    /// whose replies follow from its requests is priced as such (`pairedKey`).
    func bestSplit(_ msgs: [MessageBytes], _ members: [Int], pairing: RequestResponsePairs? = nil) -> Split? {
        let sample = Self.sample(members, size: sampleSize)
        // A large group is screened first: every candidate on a small sample, only the leaders on the full one.
        var full: [(key: KeyCandidate, gain: Double, keyCost: Double)]? = nil
        if sample.count > 2 * screenSize {
            let screened = evaluate(msgs, Self.sample(members, size: screenSize), only: nil)
            let leaders = screened.ranked.sorted { $0.score > $1.score }.prefix(shortlistSize).map(\.key)
            if let best = leaders.isEmpty ? nil : evaluate(msgs, sample, only: Array(leaders)).best { return best }
        } else {
            let all = evaluate(msgs, sample, only: nil)
            if let best = all.best { return best }
            full = all.narrow
        }
        guard let pairing else { return nil }
        return pairedKey(msgs, members, sample, pairing, scored: full)
    }

    /// The best key that replies follow (`RequestResponsePairs.predicts`), scored with the key stated only for the
    /// messages that are not a reply to another of the group: a reply's type is known from its request's. Only keys
    /// of bytes with few values, and only when nothing else split the group.
    /// `scored`: the narrow candidates of `sample` when already evaluated in full.
    func pairedKey(_ msgs: [MessageBytes], _ members: [Int], _ sample: [Int], _ pairing: RequestResponsePairs,
                   scored: [(key: KeyCandidate, gain: Double, keyCost: Double)]? = nil) -> Split? {
        let (pairs, total) = pairing.pairs(in: members)
        guard pairs.count >= RequestResponsePairs.minPairs else { return nil }
        let unpaired = 1 - Double(total) / Double(members.count)
        let scored = (scored ?? evaluate(msgs, sample, only: nil).narrow)
            .map { (key: $0.key, score: $0.gain - unpaired * $0.keyCost) }
            .filter { $0.score > 0 }
            .sorted { $0.score > $1.score }
        for c in scored where RequestResponsePairs.predicts(c.key, pairs: pairs, msgs) {
            return Split(key: c.key, score: c.score, paired: true)
        }
        return nil
    }

    /// Scores the candidate keys (all, or only those in `only`) on `sample`: the best one that pays for itself,
    /// and every score.
    /// `narrow` lists the candidates on bytes with few values, with the held-out information they give and what
    /// stating them costs, apart.
    func evaluate(_ msgs: [MessageBytes], _ sample: [Int], only: [KeyCandidate]?)
        -> (best: Split?, ranked: [Split], narrow: [(key: KeyCandidate, gain: Double, keyCost: Double)]) {
        let n = sample.count
        var maxLen = 0
        for i in sample { maxLen = max(maxLen, msgs[i].count) }
        let width = min(maxLen, maxEvidenceColumns)
        // Evidence matrix: byte columns (256 = absent), then the length (as a dense id), then the direction.
        let cols = width + 2
        var matrix = [UInt16](repeating: 0, count: n * cols)
        var lengthIDs: [Int: UInt16] = [:]
        for (r, i) in sample.enumerated() {
            let m = msgs[i]
            for j in 0..<width { matrix[j * n + r] = j < m.count ? UInt16(m[j]) : 256 }
            let lid: UInt16
            if let x = lengthIDs[m.count] { lid = x } else { lid = UInt16(min(lengthIDs.count, 1023)); lengthIDs[m.count] = lid }
            matrix[width * n + r] = lid
            matrix[(width + 1) * n + r] = m.direction == .clientToServer ? 0 : 1
        }
        var counts = [Int32](repeating: 0, count: 2048)
        var colEntropy = [Double](repeating: 0, count: cols)
        var colDistinct = [Int](repeating: 0, count: cols)
        var touched: [Int] = []
        touched.reserveCapacity(n)
        for j in 0..<cols {
            touched.removeAll(keepingCapacity: true)
            for r in 0..<n {
                let v = Int(matrix[j * n + r])
                if counts[v] == 0 { touched.append(v) }
                counts[v] += 1
            }
            var h = 0.0
            for v in touched { let p = Double(counts[v]) / Double(n); h -= p * log2(p); counts[v] = 0 }
            colEntropy[j] = h
            colDistinct[j] = touched.count
        }
        var colAlphabet = [Int](repeating: 257, count: cols)
        for j in 0..<width { colAlphabet[j] = min(257, (colDistinct[j] + 1) * alphabetPerSeenValue) }
        colAlphabet[width] = lengthIDs.count + 1
        colAlphabet[width + 1] = 2
        // Nothing varies: nothing to explain.
        if colEntropy.reduce(0, +) < 1e-9 { return (nil, [], []) }

        // log2(c + ½) for every count a fold can hold: the scoring loop's only logarithm.
        let logHalf = (0...n).map { log2(Double($0) + 0.5) }
        var own = [Double](repeating: 0, count: cols)
        var active: [Int] = []
        for j in 0..<cols where colEntropy[j] > 1e-9 {
            active.append(j)
            own[j] = Self.unsplitLikelihood(matrix: matrix, cols: cols, n: n, column: j, alphabet: colAlphabet[j],
                                            counts: &counts, touched: &touched)
        }
        var best: Split?
        var ranked: [Split] = []
        var narrow: [(key: KeyCandidate, gain: Double, keyCost: Double)] = []
        // Partitions already scored, by a cheap fingerprint; equal fingerprints are confirmed element by element.
        var seenPartitions: [UInt64: [[Int]]] = [:]
        // log2(fold size + ½·alphabet) per column and fold size, computed on first use: the same figure recurs for
        // every candidate.
        var logFold = [Double](repeating: .nan, count: cols * (n + 1))
        var keys = [Int](repeating: 0, count: n)
        let keyLimit = min(maxKeyValues, max(2, n / 3))
        var minLen = Int.max
        for i in sample { minLen = min(minLen, msgs[i].count) }
        // Bytes of a length field follow the length, not the type; a field that counts the length of most messages
        // is one even where several units share a segment and break the count for the rest.
        var lengthBytes = Set<Int>()
        for f in LengthFieldDetector(minAgreement: lengthKeyAgreement, maxDistinctDeltas: 64).find(msgs, sample) { for k in f.offset..<(f.offset + f.width) { lengthBytes.insert(k) } }
        // In messages that read as nested items, the length octets of most of them are no key either.
        var lengthOctetCounts: [Int: Int] = [:]
        var parsed = 0
        for i in sample {
            guard let octets = NestedTLVParser.lengthOctets(msgs[i]) else { continue }
            parsed += 1
            for k in octets where k < maxKeyPosition { lengthOctetCounts[k, default: 0] += 1 }
        }
        if Double(parsed) >= NestedTLVParser.minParseRate * Double(sample.count) {
            for (k, c) in lengthOctetCounts where 2 * c >= parsed { lengthBytes.insert(k) }
        }
        let bothDirections = Set(sample.map { msgs[$0].direction }).count == 2
        var idOf = [Int16](repeating: -1, count: 256)
        var seenValues: [Int] = []
        seenValues.reserveCapacity(256)
        // A key field is present in every message of the group.
        for p in 0..<min(maxKeyPosition, minLen, width) where colEntropy[p] > 1e-9 && !lengthBytes.contains(p) {
            let wideByte = colDistinct[p] > maxByteValuesForKey
            for mask in KeyCandidate.masks {
                let cand = KeyCandidate(kind: .bits(position: p, mask: mask))
                if let only, !only.contains(cand) { continue }
                // Dense ids in order of first appearance; every sampled message reaches `p` (p < minLen), so the
                // value is a masked byte and a 256-entry table replaces a dictionary.
                var idCount = 0
                var tooMany = false
                for (r, i) in sample.enumerated() {
                    let v = Int(msgs[i][p] & mask)
                    let known = idOf[v]
                    if known >= 0 { keys[r] = Int(known) } else {
                        if idCount >= keyLimit { tooMany = true; break }
                        idOf[v] = Int16(idCount)
                        seenValues.append(v)
                        keys[r] = idCount
                        idCount += 1
                    }
                }
                for v in seenValues { idOf[v] = -1 }
                seenValues.removeAll(keepingCapacity: true)
                if tooMany || idCount < 2 || (wideByte && idCount > maxValuesOfNarrowKey) { continue }
                // Identical partitions (e.g. 0xFF and 0x0F on a byte whose high nibble is constant) score the same.
                var fingerprint: UInt64 = 0xcbf2_9ce4_8422_2325
                for x in keys { fingerprint = (fingerprint ^ UInt64(truncatingIfNeeded: x)) &* 0x0000_0100_0000_01B3 }
                if seenPartitions[fingerprint]?.contains(keys) == true { continue }
                seenPartitions[fingerprint, default: []].append(keys)
                let (gain, keyCost) = score(keys: keys, keyCount: idCount, matrix: matrix, cols: cols, n: n,
                                            active: active, own: own, colAlphabet: colAlphabet, logHalf: logHalf,
                                            logFold: &logFold, skipColumn: p, counts: &counts)
                let s = gain - keyCost
                if !wideByte { narrow.append((cand, gain, keyCost)) }
                let separates = bothDirections && Self.separatesDirections(keys: keys, keyCount: idCount, sample: sample, msgs)
                let bar = separates ? minScoreBitsWithDirection : minScoreBits
                ranked.append(Split(key: cand, score: s - bar))
                if s > bar, s > (best?.score ?? -Double.infinity) { best = Split(key: cand, score: s) }
            }
        }
        return (best, ranked, narrow)
    }

    /// True when nearly every key value occurs in one direction only.
    static func separatesDirections(keys: [Int], keyCount: Int, sample: [Int], _ msgs: [MessageBytes]) -> Bool {
        var c2s = [Int](repeating: 0, count: keyCount), s2c = c2s
        for (r, i) in sample.enumerated() {
            if msgs[i].direction == .clientToServer { c2s[keys[r]] += 1 } else { s2c[keys[r]] += 1 }
        }
        var pure = 0
        for k in 0..<keyCount { pure += max(c2s[k], s2c[k]) }
        return Double(pure) >= 0.95 * Double(sample.count)
    }

    /// Held-out information a split gives, in bits per message: two-fold cross-validated log-likelihood of the
    /// evidence columns under per-group value distributions minus under one distribution (add-½ smoothing), minus
    /// the entropy of the key given the direction. Chance correlations do not survive held-out data, so ids, counters and payload bytes
    /// score below zero without a hand-set penalty.
    private func score(keys: [Int], keyCount: Int, matrix: [UInt16], cols: Int, n: Int, active: [Int],
                       own: [Double], colAlphabet: [Int], logHalf: [Double], logFold: inout [Double], skipColumn: Int,
                       counts: inout [Int32]) -> (gain: Double, keyCost: Double) {
        // Rows grouped by key value, ascending within a group (a counting sort: no array per group).
        var groupStart = [Int](repeating: 0, count: keyCount + 1)
        for r in 0..<n { groupStart[keys[r] + 1] += 1 }
        for k in 0..<keyCount { groupStart[k + 1] += groupStart[k] }
        var rows = [Int32](repeating: 0, count: n)
        var foldA = [Int](repeating: 0, count: keyCount), foldB = foldA
        do {
            var next = groupStart
            for r in 0..<n {
                let k = keys[r]
                rows[next[k]] = Int32(r)
                next[k] += 1
                // Fold sizes per group are the same for every column.
                if r & 1 == 0 { foldA[k] += 1 } else { foldB[k] += 1 }
            }
        }
        // What stating the key costs once the direction is known: a request/response flag is free.
        var keyEntropy = 0.0
        let dirColumn = cols - 1
        for d in 0..<2 {
            var perKey = [Int](repeating: 0, count: keyCount)
            var total = 0
            for r in 0..<n where Int(matrix[dirColumn * n + r]) == d { perKey[keys[r]] += 1; total += 1 }
            guard total > 0 else { continue }
            var h = 0.0
            for c in perKey where c > 0 { let p = Double(c) / Double(total); h -= p * log2(p) }
            keyEntropy += Double(total) / Double(n) * h
        }
        var gain = 0.0
        let alpha = 0.5
        let seen = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(n, 1))
        defer { seen.deallocate() }
        matrix.withUnsafeBufferPointer { mat in
        counts.withUnsafeMutableBufferPointer { cntBuffer in
        rows.withUnsafeBufferPointer { rowBuffer in
        logHalf.withUnsafeBufferPointer { logBuffer in
        logFold.withUnsafeMutableBufferPointer { foldBuffer in
            let cnt = cntBuffer.baseAddress!, row = rowBuffer.baseAddress!, lh = logBuffer.baseAddress!
            let lf = foldBuffer.baseAddress!
            for j in active where j != skipColumn {
                let vAlpha = alpha * Double(colAlphabet[j])
                let column = mat.baseAddress! + j * n
                var split = 0.0
                for k in 0..<keyCount {
                    // cnt[v] holds fold A in the low half of the array, fold B in the high half; `seen` lists the
                    // values in order of first appearance.
                    var seenCount = 0
                    for x in groupStart[k]..<groupStart[k + 1] {
                        let r = Int(row[x])
                        let v = Int(column[r])
                        if cnt[v] == 0 && cnt[v + 1024] == 0 { seen[seenCount] = Int32(v); seenCount += 1 }
                        if r & 1 == 0 { cnt[v] += 1 } else { cnt[v + 1024] += 1 }
                    }
                    let fold = lf + j * (n + 1)
                    if fold[foldA[k]].isNaN { fold[foldA[k]] = log2(Double(foldA[k]) + vAlpha) }
                    if fold[foldB[k]].isNaN { fold[foldB[k]] = log2(Double(foldB[k]) + vAlpha) }
                    let dA = fold[foldA[k]], dB = fold[foldB[k]]
                    for t in 0..<seenCount {
                        let v = Int(seen[t])
                        let a = Int(cnt[v]), b = Int(cnt[v + 1024])
                        if b > 0 { split += Double(b) * (lh[a] - dA) }
                        if a > 0 { split += Double(a) * (lh[b] - dB) }
                        cnt[v] = 0
                        cnt[v + 1024] = 0
                    }
                }
                // A column the key does not help costs the split only estimation noise: leave it out rather
                // than let many such columns drown the few the key explains.
                gain += max(0, split - own[j])
            }
        }
        }
        }
        }
        }
        return (gain / Double(n), keyEntropy)
    }

    /// The same held-out log-likelihood with no split, per column, summed in bits (the baseline a split must beat).
    static func unsplitLikelihood(matrix: [UInt16], cols: Int, n: Int, column j: Int, alphabet: Int,
                                  counts: inout [Int32], touched: inout [Int]) -> Double {
        let alpha = 0.5, vAlpha = alpha * Double(alphabet)
        touched.removeAll(keepingCapacity: true)
        var nA = 0, nB = 0
        for r in 0..<n {
            let v = Int(matrix[j * n + r])
            if counts[v] == 0 && counts[v + 1024] == 0 { touched.append(v) }
            if r & 1 == 0 { counts[v] += 1; nA += 1 } else { counts[v + 1024] += 1; nB += 1 }
        }
        let dA = log2(Double(nA) + vAlpha), dB = log2(Double(nB) + vAlpha)
        var ll = 0.0
        for v in touched {
            let a = Double(counts[v]), b = Double(counts[v + 1024])
            if b > 0 { ll += b * (log2(a + alpha) - dA) }
            if a > 0 { ll += a * (log2(b + alpha) - dB) }
            counts[v] = 0
            counts[v + 1024] = 0
        }
        return ll
    }

    /// Text traffic: one type per first token (command or status code), when tokens repeat; else one per direction.
    private func clusterText(_ msgs: [MessageBytes], indices: [Int]) -> [TypeCluster] {
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        var names: [Int: String] = [:]
        for i in indices {
            let v = TextTokenizer.firstTokenHash(msgs[i])
            if groups[v] == nil { order.append(v); names[v] = TextTokenizer.firstToken(msgs[i]) }
            groups[v, default: []].append(i)
        }
        if order.count > max(2, indices.count / 2) {
            var c2s: [Int] = [], s2c: [Int] = []
            for i in indices { if msgs[i].direction == .clientToServer { c2s.append(i) } else { s2c.append(i) } }
            return [c2s, s2c].filter { !$0.isEmpty }.map {
                TypeCluster(members: $0, rule: "text, direction \(msgs[$0[0]].direction.rawValue)", confidence: 0.3)
            }
        }
        return order.map { v in
            let g = groups[v]!
            let conf = g.count >= 3 ? 0.8 : 0.6
            return TypeCluster(members: g, rule: "text token '\(names[v] ?? "")'", confidence: conf)
        }
    }

    /// Evenly spaced members, so long captures cost the same as short ones.
    static func sample(_ members: [Int], size: Int) -> [Int] {
        guard members.count > size else { return members }
        var out: [Int] = []
        out.reserveCapacity(size)
        let step = Double(members.count) / Double(size)
        for k in 0..<size { out.append(members[Int(Double(k) * step)]) }
        return out
    }
}


