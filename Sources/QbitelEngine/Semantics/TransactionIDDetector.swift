#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A transaction or session id: copied from a request into its reply, or constant within a flow and different
/// between flows.
///
/// A constant field is echoed too, so evidence counts distinct echoed values: a field whose values are mostly unique
/// and come back in the reply is an id; an opcode that comes back is not.
public enum TransactionIDDetector {
    public static func detect(_ occurrences: [FieldOccurrence], context: SemanticContext) -> SemanticFinding? {
        // Ids are short numbers; a repeated name or text (a DNS question copied into the answer) is not an id.
        guard let size = occurrences.first?.length, size >= 1, size <= 8 else { return nil }
        let textual = occurrences.prefix(200).filter { o in
            o.isValid && o.length >= 3 && TextScanner.textLength(o.message.payload, from: o.offset, to: o.end) != nil
        }.count
        if textual * 2 > Swift.min(occurrences.count, 200) { return nil }
        let echo = echoScore(occurrences, context: context, size: size)
        let session = sessionScore(occurrences, size: size)
        switch (echo, session) {
        case let (e?, s?): return e.confidence >= s.confidence ? e : s
        case let (e?, nil): return e
        case let (nil, s?): return s
        default: return nil
        }
    }

    static func echoScore(_ occurrences: [FieldOccurrence], context: SemanticContext, size: Int) -> SemanticFinding? {
        var withPartner = 0, echoed = 0
        var echoedValues = Set<ByteSlice>()
        for o in occurrences where o.isValid {
            let v = o.bytes
            let field = v.buffer.baseAddress!
            func echoes(_ p: Message) -> Bool {
                p.length >= o.end && memcmp(p.payload.buffer.baseAddress! + o.offset, field, o.length) == 0
            }
            let reply = context.reply(to: o.message), request = context.request(answeredBy: o.message)
            var hit = (reply.map(echoes) ?? false) || (request.map(echoes) ?? false)
            var counterpart = reply != nil || request != nil
            // Replies from another address or port land in another flow: look at nearby messages going the other way.
            if !hit && size >= 2 {
                // Read in place: no copy of each neighbouring message.
                let range = context.neighbourPositions(of: o.message)
                let index = o.message.index, direction = o.message.direction
                let offset = o.offset, end = o.end, length = o.length
                context.messages.withUnsafeBufferPointer { ms in
                    for q in range where ms[q].index != index && ms[q].direction != direction {
                        counterpart = true
                        if ms[q].payload.count >= end
                            && memcmp(ms[q].payload.storage.base + ms[q].payload.start + offset, field, length) == 0 {
                            hit = true
                            break
                        }
                    }
                }
            }
            guard counterpart else { continue }
            withPartner += 1
            if hit {
                echoed += 1
                echoedValues.insert(v)
            }
        }
        guard withPartner >= 2, echoed >= 2 else { return nil }
        let rate = Double(echoed) / Double(withPartner)
        let distinct = echoedValues.count
        let uniqueness = Double(distinct) / Double(echoed)
        var conf = rate * ConfidenceMath.evidence(Double(distinct - 1), half: 3) * Swift.min(1, uniqueness * 4)
        if size == 1 { conf *= 0.5 }
        return SemanticFinding(kind: .id, confidence: conf, endianness: nil,
                               note: "echoed between request and reply (\(ConfidenceMath.percent(rate)) of \(withPartner), \(distinct) distinct values)")
    }

    static func sessionScore(_ occurrences: [FieldOccurrence], size: Int) -> SemanticFinding? {
        var firstByFlow: [Int: ByteSlice] = [:]
        var countByFlow: [Int: Int] = [:]
        var brokenFlows = Set<Int>()
        for o in occurrences where o.isValid {
            let v = o.bytes
            countByFlow[o.message.flowIndex, default: 0] += 1
            if let f = firstByFlow[o.message.flowIndex] { if f != v { brokenFlows.insert(o.message.flowIndex) } }
            else { firstByFlow[o.message.flowIndex] = v }
        }
        let multi = countByFlow.filter { $0.value >= 2 }.map(\.key)
        guard multi.count >= 3 else { return nil }
        let constantFlows = multi.filter { !brokenFlows.contains($0) }
        let values = Set(constantFlows.compactMap { firstByFlow[$0] })
        let rate = Double(constantFlows.count) / Double(multi.count)
        let spread = Double(values.count) / Double(Swift.max(1, constantFlows.count))
        guard values.count >= 3, spread >= 0.8 else { return nil }
        var conf = rate * rate * ConfidenceMath.evidence(Double(values.count - 2), half: 1) * 0.95
        if size == 1 { conf *= 0.4 }
        return SemanticFinding(kind: .id, confidence: conf,
                               note: "constant within a flow, different across \(values.count) flows (\(ConfidenceMath.percent(rate)) of \(multi.count) flows)")
    }
}
