import Testing
@testable import QbitelEngine

@Suite("Classifier member models")
struct ClassifierModelsTests {
    let labels = ["binary-a", "text", "zeros"]

    func accuracy(_ predict: (FlowSample) -> Int, _ test: [FlowSample]) -> Double {
        let hits = test.filter { predict($0) == labels.firstIndex(of: $0.label!)! }.count
        return Double(hits) / Double(test.count)
    }

    @Test("the random forest separates a separable synthetic problem")
    func forestLearns() {
        let train = ClassifierSyntheticData.samples(labels, flowsPerLabel: 30, seed: 1)
        let test = ClassifierSyntheticData.samples(labels, flowsPerLabel: 20, seed: 2)
        var p = RandomForest.Parameters()
        p.trees = 10
        let forest = RandomForest.train(x: train.map(FlowFeatureExtractor.features), y: train.map { labels.firstIndex(of: $0.label!)! },
                                        classCount: 3, parameters: p)
        let acc = accuracy({ ClassifierEnsemble.argmax(forest.probabilities(FlowFeatureExtractor.features($0))) }, test)
        #expect(acc >= 0.95)
        let probs = forest.probabilities(FlowFeatureExtractor.features(test[0]))
        #expect(abs(probs.reduce(0, +) - 1) < 1e-6)
    }

    @Test("the byte CNN learns by backpropagation: validation loss falls and test accuracy is high")
    func convNetLearns() {
        let train = ClassifierSyntheticData.samples(labels, flowsPerLabel: 40, seed: 3)
        let val = ClassifierSyntheticData.samples(labels, flowsPerLabel: 10, seed: 4)
        let test = ClassifierSyntheticData.samples(labels, flowsPerLabel: 20, seed: 5)
        func msgs(_ s: [FlowSample]) -> [(ByteSlice, Int)] { s.flatMap { f in f.payloads.map { ($0, labels.firstIndex(of: f.label!)!) } } }
        var p = ByteConvNet.Parameters()
        p.maxEpochs = 8
        p.maxTrainingMessages = 300
        let net = ByteConvNet.train(messages: msgs(train), validation: msgs(val), classCount: 3, parameters: p)
        #expect(net.validationLoss < 0.5)  // chance level is ln 3 ≈ 1.10
        #expect(accuracy({ ClassifierEnsemble.argmax(net.probabilities($0)) }, test) >= 0.95)
    }

    @Test("the byte bigram model learns the protocols' byte sequences")
    func nGramLearns() {
        let train = ClassifierSyntheticData.samples(labels, flowsPerLabel: 30, seed: 6)
        let val = ClassifierSyntheticData.samples(labels, flowsPerLabel: 10, seed: 7)
        let test = ClassifierSyntheticData.samples(labels, flowsPerLabel: 20, seed: 8)
        let idx = { (s: FlowSample) in labels.firstIndex(of: s.label!)! }
        let model = ByteNGramModel.train(train.map { ($0, idx($0)) }, validation: val.map { ($0, idx($0)) }, classCount: 3)
        #expect(accuracy({ ClassifierEnsemble.argmax(model.probabilities($0)) }, test) >= 0.95)
    }

    @Test("features have the documented length and work from a single message")
    func featuresFromOneMessage() {
        let one = FlowSample(payloads: [ByteSlice([1, 2, 3])], directions: [.clientToServer], times: [0], transport: .udp)
        let x = FlowFeatureExtractor.features(one)
        #expect(x.count == FlowFeatureExtractor.dimension)
        #expect(x.allSatisfy { $0.isFinite })
        let empty = FlowSample(payloads: [ByteSlice([])], directions: [.clientToServer], times: [0], transport: .udp)
        #expect(FlowFeatureExtractor.features(empty).allSatisfy { $0.isFinite })
    }
}


/// Three easily told apart synthetic "protocols" plus a fourth, never trained on, for classifier tests.
enum ClassifierSyntheticData {
    /// `binary-a`: 0xAA 0x01 header, random body; `text`: ASCII request lines; `zeros`: 0x7F header, mostly zero bytes.
    static func message(_ label: String, _ rng: inout ClassifierRandom) -> [UInt8] {
        switch label {
        case "binary-a":
            return [0xAA, 0x01, UInt8(rng.next() % 4)] + (0..<(20 + Int(rng.next() % 20))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        case "text":
            let verbs = ["GET", "PUT", "POST"]
            let path = (0..<(4 + Int(rng.next() % 8))).map { _ in Character(UnicodeScalar(UInt8(97 + rng.next() % 26))) }
            return Array("\(verbs[Int(rng.next() % 3)]) /\(String(path)) TXT/1.0\r\nHost: h\(rng.next() % 100)\r\n\r\n".utf8)
        case "zeros":
            var m = [UInt8](repeating: 0, count: 48)
            m[0] = 0x7F; m[1] = 0x10
            m[8 + Int(rng.next() % 30)] = UInt8(truncatingIfNeeded: rng.next())
            return m
        default:  // "novel": high-entropy bytes with a different header, lengths far from the others
            return [0x55, 0xC3] + (0..<(300 + Int(rng.next() % 200))).map { _ in UInt8(truncatingIfNeeded: rng.next() | 0x80) }
        }
    }

    static func samples(_ labels: [String], flowsPerLabel: Int, seed: UInt64) -> [FlowSample] {
        var rng = ClassifierRandom(seed: seed)
        var out: [FlowSample] = []
        for label in labels {
            for f in 0..<flowsPerLabel {
                let n = 1 + Int(rng.next() % 3)
                var payloads: [ByteSlice] = [], dirs: [Direction] = [], times: [Double] = []
                for i in 0..<n {
                    payloads.append(ByteSlice(message(label, &rng)))
                    dirs.append(i % 2 == 0 ? .clientToServer : .serverToClient)
                    times.append(Double(f) + Double(i) * 0.01)
                }
                out.append(FlowSample(payloads: payloads, directions: dirs, times: times, transport: .udp, label: label,
                                      source: "synthetic-\(label)", flowIndex: f))
            }
        }
        return out
    }

    /// Small, fast training settings for tests.
    static var fastParameters: ClassifierTrainer.Parameters {
        var p = ClassifierTrainer.Parameters()
        p.forest.trees = 10
        p.convNet.maxTrainingMessages = 300
        p.convNet.maxEpochs = 8
        return p
    }
}
