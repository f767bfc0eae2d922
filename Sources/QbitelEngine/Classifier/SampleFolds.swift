/// Assigns flow samples to k folds so that evaluation never tests on a flow it trained on.
///
/// Per label: when it has at least `k` distinct flows, whole flows are dealt to folds (shuffled with a fixed seed);
/// when it has fewer (one long TCP conversation, say), its windows are cut into `k` contiguous time blocks, so a test
/// block never interleaves with training windows of the same stretch of traffic.
public enum SampleFolds {
    public static func assign(_ samples: [FlowSample], k: Int, seed: UInt64 = 7) -> [Int] {
        var folds = [Int](repeating: 0, count: samples.count)
        var byLabel: [String: [Int]] = [:]
        for (i, s) in samples.enumerated() { byLabel[s.label ?? "", default: []].append(i) }
        var rng = ClassifierRandom(seed: seed)
        for label in byLabel.keys.sorted() {
            let members = byLabel[label] ?? []
            var flowOrder: [String] = []
            var flowMembers: [String: [Int]] = [:]
            for i in members {
                let key = "\(samples[i].source)#\(samples[i].flowIndex)"
                if flowMembers[key] == nil { flowOrder.append(key) }
                flowMembers[key, default: []].append(i)
            }
            if flowOrder.count >= k {
                for i in stride(from: flowOrder.count - 1, to: 0, by: -1) { flowOrder.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
                for (n, key) in flowOrder.enumerated() { for i in flowMembers[key] ?? [] { folds[i] = n % k } }
            } else {
                let ordered = flowOrder.flatMap { flowMembers[$0] ?? [] }
                for (n, i) in ordered.enumerated() { folds[i] = n * k / Swift.max(ordered.count, 1) }
            }
        }
        return folds
    }
}
