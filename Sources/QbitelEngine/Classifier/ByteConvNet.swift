/// A small 1-D convolutional network over an embedding of each message's first bytes.
///
/// Layout: byte embedding (257 tokens, the last one padding) → one convolution (kernel 3) with ReLU → global max
/// pooling → a dense softmax layer. It sees byte patterns at any offset of the header, which the forest's positional
/// features miss. Trained with plain backpropagation, Adam, mini-batches and early stopping on a validation split. A
/// flow's probabilities are the mean of its messages'.
public struct ByteConvNet: Sendable, Codable {
    public struct Parameters: Sendable, Codable {
        public var inputBytes = 32
        public var embedding = 8
        public var filters = 24
        public var kernel = 3
        public var batchSize = 32
        public var maxEpochs = 20
        public var patience = 3
        public var learningRate: Float = 0.01
        /// Cap on training messages (class-balanced subsample) to bound training time.
        public var maxTrainingMessages = 3000
        public var seed: UInt64 = 2
        public init() {}
    }

    public var inputBytes: Int
    public var embedding: Int
    public var filters: Int
    public var kernel: Int
    public var classCount: Int
    /// All weights in one array: embedding, conv weights, conv bias, dense weights, dense bias.
    public var weights: [Float]
    /// Epochs run and the best validation loss, for the model's metrics.
    public var epochsRun: Int
    public var validationLoss: Double

    var embOffset: Int { 0 }
    var convOffset: Int { 257 * embedding }
    var convBiasOffset: Int { convOffset + filters * kernel * embedding }
    var denseOffset: Int { convBiasOffset + filters }
    var denseBiasOffset: Int { denseOffset + classCount * filters }
    static func weightCount(_ e: Int, _ f: Int, _ k: Int, _ c: Int) -> Int { 257 * e + f * k * e + f + c * f + c }

    /// The token sequence of a message: its first `inputBytes` bytes, padded with token 256.
    func tokens(_ p: ByteSlice) -> [Int] {
        var t = [Int](repeating: 256, count: inputBytes)
        for i in 0..<Swift.min(inputBytes, p.count) { t[i] = Int(p[i]) }
        return t
    }

    /// Class probabilities of one message.
    public func probabilities(message p: ByteSlice) -> [Double] {
        var scratch = Scratch(self)
        let probs = forward(tokens(p), &scratch)
        return probs.map(Double.init)
    }

    /// Mean class probabilities over the messages of a flow.
    public func probabilities(_ sample: FlowSample) -> [Double] {
        var out = [Double](repeating: 0, count: classCount)
        guard !sample.payloads.isEmpty else { return out }
        var scratch = Scratch(self)
        for p in sample.payloads {
            let probs = forward(tokens(p), &scratch)
            for c in 0..<classCount { out[c] += Double(probs[c]) }
        }
        let inv = 1 / Double(sample.payloads.count)
        return out.map { $0 * inv }
    }

    /// Buffers reused across messages so that prediction allocates once per flow.
    struct Scratch {
        var z: [Float]          // conv pre-activations, positions × filters
        var h: [Float]          // pooled, filters
        var arg: [Int]          // argmax position per filter
        var logits: [Float]
        init(_ net: ByteConvNet) {
            let positions = net.inputBytes - net.kernel + 1
            z = [Float](repeating: 0, count: positions * net.filters)
            h = [Float](repeating: 0, count: net.filters)
            arg = [Int](repeating: 0, count: net.filters)
            logits = [Float](repeating: 0, count: net.classCount)
        }
    }

    func forward(_ tok: [Int], _ s: inout Scratch) -> [Float] {
        let e = embedding, f = filters, k = kernel, positions = inputBytes - kernel + 1
        weights.withUnsafeBufferPointer { w in
            for p in 0..<positions {
                for fi in 0..<f {
                    var acc = w[convBiasOffset + fi]
                    let wBase = convOffset + fi * k * e
                    for ki in 0..<k {
                        let xBase = tok[p + ki] * e
                        let wk = wBase + ki * e
                        for ei in 0..<e { acc += w[wk + ei] * w[xBase + ei] }
                    }
                    s.z[p * f + fi] = acc
                }
            }
            for fi in 0..<f {
                var best: Float = 0, bestP = -1
                for p in 0..<positions where s.z[p * f + fi] > best { best = s.z[p * f + fi]; bestP = p }
                s.h[fi] = best
                s.arg[fi] = bestP
            }
            for c in 0..<classCount {
                var acc = w[denseBiasOffset + c]
                for fi in 0..<f { acc += w[denseOffset + c * f + fi] * s.h[fi] }
                s.logits[c] = acc
            }
        }
        let m = s.logits.max() ?? 0
        var sum: Float = 0
        var out = s.logits.map { expf($0 - m) }
        for v in out { sum += v }
        for c in 0..<out.count { out[c] /= sum }
        return out
    }

    /// Adds the gradient of the cross-entropy loss for one message to `grad`; returns the loss.
    func backward(_ tok: [Int], label: Int, _ s: inout Scratch, grad: inout [Float]) -> Float {
        let probs = forward(tok, &s)
        let e = embedding, f = filters, k = kernel
        var dh = [Float](repeating: 0, count: f)
        weights.withUnsafeBufferPointer { w in
            grad.withUnsafeMutableBufferPointer { g in
                for c in 0..<classCount {
                    let dl = probs[c] - (c == label ? 1 : 0)
                    g[denseBiasOffset + c] += dl
                    for fi in 0..<f {
                        g[denseOffset + c * f + fi] += dl * s.h[fi]
                        dh[fi] += w[denseOffset + c * f + fi] * dl
                    }
                }
                for fi in 0..<f {
                    let p = s.arg[fi]
                    guard p >= 0 else { continue }  // ReLU was zero everywhere: no gradient.
                    let dz = dh[fi]
                    g[convBiasOffset + fi] += dz
                    let wBase = convOffset + fi * k * e
                    for ki in 0..<k {
                        let xBase = tok[p + ki] * e
                        for ei in 0..<e {
                            g[wBase + ki * e + ei] += dz * w[xBase + ei]
                            g[xBase + ei] += dz * w[wBase + ki * e + ei]
                        }
                    }
                }
            }
        }
        return -logf(Swift.max(probs[label], 1e-7))
    }

    /// Trains on messages (payload, class) with a separate validation set for early stopping.
    public static func train(messages: [(ByteSlice, Int)], validation: [(ByteSlice, Int)], classCount: Int,
                             parameters p: Parameters = Parameters()) -> ByteConvNet {
        var rng = ClassifierRandom(seed: p.seed)
        let count = weightCount(p.embedding, p.filters, p.kernel, classCount)
        var net = ByteConvNet(inputBytes: p.inputBytes, embedding: p.embedding, filters: p.filters, kernel: p.kernel,
                              classCount: classCount, weights: [Float](repeating: 0, count: count), epochsRun: 0,
                              validationLoss: .infinity)
        // He-style initialisation; biases start at zero except a small positive conv bias so ReLUs start alive.
        for i in 0..<net.convOffset { net.weights[i] = Float(rng.gaussian()) * 0.5 }
        let convScale = Float((2.0 / Double(p.kernel * p.embedding)).squareRoot())
        for i in net.convOffset..<net.convBiasOffset { net.weights[i] = Float(rng.gaussian()) * convScale }
        for i in net.convBiasOffset..<net.denseOffset { net.weights[i] = 0.05 }
        let denseScale = Float((1.0 / Double(p.filters)).squareRoot())
        for i in net.denseOffset..<net.denseBiasOffset { net.weights[i] = Float(rng.gaussian()) * denseScale }

        // Class-balanced subsample of the training messages.
        var byClass = [[Int]](repeating: [], count: classCount)
        for (i, m) in messages.enumerated() { byClass[m.1].append(i) }
        let present = byClass.filter { !$0.isEmpty }
        guard !present.isEmpty else { return net }
        let perClass = Swift.max(1, p.maxTrainingMessages / present.count)
        var chosen: [Int] = []
        for members in present {
            if members.count <= perClass {
                // Small classes are repeated up to a quarter of the per-class budget so that they still count.
                let reps = Swift.max(1, Swift.min(perClass / 4, perClass) / members.count)
                for _ in 0..<reps { chosen += members }
            } else {
                var m = members
                for i in 0..<perClass { m.swapAt(i, i + Int(rng.next() % UInt64(m.count - i))) }
                chosen += m[0..<perClass]
            }
        }
        let train = chosen.map { (net.tokens(messages[$0].0), messages[$0].1) }
        let val = validation.prefix(1500).map { (net.tokens($0.0), $0.1) }

        var mAdam = [Float](repeating: 0, count: count), vAdam = [Float](repeating: 0, count: count)
        var grad = [Float](repeating: 0, count: count)
        var step = 0
        var best = net.weights, bestLoss = Double.infinity, bad = 0
        var order = Array(0..<train.count)
        var scratch = Scratch(net)
        for epoch in 0..<p.maxEpochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var start = 0
            while start < order.count {
                let end = Swift.min(start + p.batchSize, order.count)
                for i in 0..<count { grad[i] = 0 }
                for k in start..<end { _ = net.backward(train[order[k]].0, label: train[order[k]].1, &scratch, grad: &grad) }
                step += 1
                let scale = 1 / Float(end - start)
                let b1: Float = 0.9, b2: Float = 0.999
                let c1 = 1 - powf(b1, Float(step)), c2 = 1 - powf(b2, Float(step))
                net.weights.withUnsafeMutableBufferPointer { w in
                    for i in 0..<count {
                        let g = grad[i] * scale
                        mAdam[i] = b1 * mAdam[i] + (1 - b1) * g
                        vAdam[i] = b2 * vAdam[i] + (1 - b2) * g * g
                        w[i] -= p.learningRate * (mAdam[i] / c1) / ((vAdam[i] / c2).squareRoot() + 1e-7)
                    }
                }
                start = end
            }
            net.epochsRun = epoch + 1
            // Validation loss (training loss when no validation data was given).
            let evalSet = val.isEmpty ? Array(train.prefix(1500)) : val
            var loss = 0.0
            for (t, l) in evalSet { loss += Double(-logf(Swift.max(net.forward(t, &scratch)[l], 1e-7))) }
            loss /= Double(Swift.max(evalSet.count, 1))
            if loss < bestLoss - 1e-4 { bestLoss = loss; best = net.weights; bad = 0 } else {
                bad += 1
                if bad >= p.patience { break }
            }
        }
        net.weights = best
        net.validationLoss = bestLoss
        return net
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
