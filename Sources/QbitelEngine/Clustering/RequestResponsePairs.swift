/// Requests and the replies that follow them in their flow: what a message type's key does across an exchange.
///
/// A type field answers a request with a type of its own (the command echoed, or the acknowledgement of that
/// command), so the reply's key follows from the request's (Netplier's request/response consistency), and stating
/// it costs nothing once the request is known. Bytes a host fixes (an address, a reference id) follow in the same
/// way but never change within one flow, so only pairs from flows in which the request's key takes two or more
/// values count.
struct RequestResponsePairs {
    /// `reply[i]`: the message that answers request `i` (the next message of its flow going the other way), or -1.
    let reply: [Int32]

    /// Fewest pairs, from flows in which the request key varies, that can show a key is a type.
    static let minPairs = 8
    /// Share of replies whose key the request's key must predict.
    static let minPredictability = 0.9
    /// Pairs read per group at most, evenly spaced.
    static let maxPairs = 1024

    /// Pairs each request (client to server) with its reply as `context` found it; `context` holds the messages
    /// `msgs` were made from, in the same order.
    init(_ msgs: [MessageBytes], context: SemanticContext) {
        reply = msgs.indices.map { i in
            msgs[i].direction == .clientToServer && i < context.messages.count ? Int32(context.replyPosition(at: i)) : -1
        }
    }

    /// The pairs whose request and reply are both in `members` (sorted ascending), at most `maxPairs` of them, and
    /// how many there are in all.
    func pairs(in members: [Int]) -> (pairs: [(request: Int, reply: Int)], total: Int) {
        var out: [(request: Int, reply: Int)] = []
        for i in members {
            let r = Int(reply[i])
            guard r >= 0, Self.contains(members, r) else { continue }
            out.append((i, r))
        }
        guard out.count > Self.maxPairs else { return (out, out.count) }
        let step = Double(out.count) / Double(Self.maxPairs)
        return ((0..<Self.maxPairs).map { out[Int(Double($0) * step)] }, out.count)
    }

    /// True when `key` behaves as a message type over `pairs`: in the flows where the request's key varies, the
    /// reply's key follows from the request's in at least `minPredictability` of at least `minPairs` pairs.
    static func predicts(_ key: KeyCandidate, pairs: [(request: Int, reply: Int)], _ msgs: [MessageBytes]) -> Bool {
        guard pairs.count >= minPairs else { return false }
        var firstValue: [Int: Int] = [:]
        var varies = Set<Int>()
        for p in pairs {
            let f = msgs[p.request].flow, v = key.value(msgs[p.request])
            if let first = firstValue[f] { if first != v { varies.insert(f) } } else { firstValue[f] = v }
        }
        guard !varies.isEmpty else { return false }
        var replies: [Int: [Int: Int]] = [:]
        var counted = 0
        for p in pairs where varies.contains(msgs[p.request].flow) {
            replies[key.value(msgs[p.request]), default: [:]][key.value(msgs[p.reply]), default: 0] += 1
            counted += 1
        }
        guard counted >= minPairs, replies.count >= 2 else { return false }
        let predicted = replies.values.reduce(0) { $0 + ($1.values.max() ?? 0) }
        return Double(predicted) >= minPredictability * Double(counted)
    }

    /// Binary search in ascending `sorted`.
    static func contains(_ sorted: [Int], _ x: Int) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == x
    }
}
