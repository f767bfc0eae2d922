import Testing
@testable import QbitelEngine

@Suite("Classifier folds, metrics, labels and evaluation")
struct ClassifierEvaluationTests {
    @Test("folds never split a flow, and a protocol with one flow is cut into contiguous blocks")
    func foldsByFlow() {
        var samples = ClassifierSyntheticData.samples(["text", "zeros"], flowsPerLabel: 12, seed: 21)
        // Windows of one flow share source and flow index.
        samples += (0..<3).map { i in FlowSample(payloads: [ByteSlice([1])], directions: [.clientToServer], times: [0],
                                                 transport: .tcp, label: "text", source: "synthetic-text", flowIndex: 0, windowIndex: i + 1) }
        let folds = SampleFolds.assign(samples, k: 5)
        var foldOfFlow: [String: Int] = [:]
        for (s, f) in zip(samples, folds) {
            let key = "\(s.source)#\(s.flowIndex)"
            if let g = foldOfFlow[key] { #expect(g == f) } else { foldOfFlow[key] = f }
        }
        let single = (0..<10).map { FlowSample(payloads: [ByteSlice([UInt8($0)])], directions: [.clientToServer], times: [0],
                                               transport: .tcp, label: "one", source: "s", flowIndex: 0, windowIndex: $0) }
        #expect(SampleFolds.assign(single, k: 5) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
    }

    @Test("metrics: accuracy, macro-F1 and unknown answers")
    func metrics() {
        var m = ClassificationMetrics(labels: ["a", "b"])
        m.record(truth: "a", predicted: "a")
        m.record(truth: "a", predicted: "b")
        m.record(truth: "b", predicted: "b")
        m.record(truth: "b", predicted: "unknown")
        #expect(m.accuracy == 0.5)
        #expect(abs(m.macroF1 - 7.0 / 12) < 1e-9)  // F1(a) = 2/3, F1(b) = 1/2
        #expect(m.unknownRate == 0.25)
        #expect(m.confusion == [[1, 1, 0], [0, 1, 1]])
    }

    @Test("label manifest lines, skips and errors; file-name labels")
    func manifest() throws {
        let entries = try LabelledCaptureSet.parseManifest("# comment\na.pcap DNS\n\nb.pcap -\n/x/c.pcap ntp # tail\n", relativeTo: "/d")
        #expect(entries == [.init(path: "/d/a.pcap", label: "dns"), .init(path: "/x/c.pcap", label: "ntp")])
        #expect { try LabelledCaptureSet.parseManifest("only-one-field\n", relativeTo: "/d") } throws: {
            ($0 as? QbitelError)?.code == .badLabelManifest
        }
        #expect(LabelledCaptureSet.label(forFileName: "dns_ictf2010_deduped-982-1000.pcap") == "dns")
        #expect(LabelledCaptureSet.label(forFileName: "ntp.pcap") == "ntp")
    }

    @Test("cross-validation and the open-set pass report figures for each model")
    func evaluation() throws {
        let samples = ClassifierSyntheticData.samples(["binary-a", "text", "zeros"], flowsPerLabel: 15, seed: 22)
        let eval = ClassifierEvaluation(trainer: ClassifierTrainer(parameters: ClassifierSyntheticData.fastParameters), folds: 3)
        let r = try eval.run(samples)
        #expect(r.ensemble.total == samples.count)
        #expect(Set(r.members.keys) == ["forest", "cnn", "ngram"])
        #expect(r.ensemble.macroF1 >= 0.9)
        #expect(r.heldOutUnknownRate.count == 3)
    }
}
