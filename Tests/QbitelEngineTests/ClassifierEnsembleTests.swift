import Testing
@testable import QbitelEngine

@Suite("Classifier ensemble, open set and persistence")
struct ClassifierEnsembleTests {
    let labels = ["binary-a", "text", "zeros"]

    func trainedModel() throws -> ClassifierModel {
        try ClassifierTrainer(parameters: ClassifierSyntheticData.fastParameters)
            .train(ClassifierSyntheticData.samples(labels, flowsPerLabel: 40, seed: 11))
    }

    @Test("the ensemble is accurate and reports each member's vote and the agreement")
    func ensembleVotes() throws {
        let ens = ClassifierEnsemble(model: try trainedModel())
        let test = ClassifierSyntheticData.samples(labels, flowsPerLabel: 15, seed: 12)
        let preds = test.map { ens.predict($0) }
        let correct = zip(test, preds).filter { $0.0.label == $0.1.label }.count
        #expect(Double(correct) / Double(test.count) >= 0.9)
        #expect(preds.allSatisfy { $0.votes.count == 3 })
        #expect(preds.allSatisfy { $0.agreement > 0 && $0.agreement <= 1 })
    }

    @Test("with one member missing the ensemble still answers from the other two")
    func degradesGracefully() throws {
        let model = try trainedModel()
        let test = ClassifierSyntheticData.samples(labels, flowsPerLabel: 15, seed: 13)
        for missing in ClassifierModelKind.allCases {
            let ens = ClassifierEnsemble(model: model, members: Set(ClassifierModelKind.allCases).subtracting([missing]))
            let preds = test.map { ens.predict($0) }
            #expect(preds.allSatisfy { $0.votes.count == 2 && !$0.votes.contains { $0.model == missing } })
            let correct = zip(test, preds).filter { $0.0.label == $0.1.bestGuess }.count
            #expect(Double(correct) / Double(test.count) >= 0.9, "without \(missing.rawValue)")
        }
        // A model stored without a member (nil) behaves the same way.
        var partial = model
        partial.convNet = nil
        let ens = ClassifierEnsemble(model: partial)
        #expect(!ens.members.contains(.convNet))
        #expect(ens.predict(test[0]).votes.count == 2)
    }

    @Test("a protocol never trained on is called unknown")
    func openSetUnknown() throws {
        let ens = ClassifierEnsemble(model: try trainedModel())
        let novel = ClassifierSyntheticData.samples(["novel"], flowsPerLabel: 20, seed: 14)
        let unknown = novel.filter { ens.predict($0).isUnknown }.count
        #expect(unknown >= 18)
    }

    @Test("a model survives a JSON round trip and refuses another feature set")
    func persistence() throws {
        let model = try trainedModel()
        let bytes = try model.encoded()
        let back = try ClassifierModel.decode(bytes)
        #expect(back.id == model.id && back.labels == model.labels && back.trainingDataHash == model.trainingDataHash)
        let s = ClassifierSyntheticData.samples(labels, flowsPerLabel: 2, seed: 15)[0]
        #expect(ClassifierEnsemble(model: back).predict(s) == ClassifierEnsemble(model: model).predict(s))
        var other = model
        other.featureSet = "other-v0"
        #expect(throws: QbitelError.self) { try ClassifierModel.decode(try other.encoded()) }
        #expect(throws: QbitelError.self) { try ClassifierModel.decode(Array("not a model".utf8)) }
    }

    @Test("training with one label is refused with error 2003")
    func tooFewLabels() {
        let only = ClassifierSyntheticData.samples(["text"], flowsPerLabel: 5, seed: 16)
        #expect { try ClassifierTrainer().train(only) } throws: { ($0 as? QbitelError)?.code == .insufficientTrainingData }
    }

    @Test("the ensemble identifies a whole capture as a ProtocolIdentifier")
    func identifiesCapture() throws {
        let ens = ClassifierEnsemble(model: try trainedModel())
        var rng = ClassifierRandom(seed: 17)
        var msgs: [Message] = []
        for i in 0..<6 {
            msgs.append(Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0), flow: .pseudo(),
                                flowIndex: 0, direction: .clientToServer,
                                payload: ByteSlice(ClassifierSyntheticData.message("text", &rng))))
        }
        let cap = Capture(name: "t", format: .bytes, frameCount: 6, linkTypes: [], messages: msgs, flows: [], warnings: [],
                          firstTimestamp: nil, lastTimestamp: nil, byteCount: 0)
        let identifier: any ProtocolIdentifier = ens
        let id = try #require(identifier.identify(cap))
        #expect(id.label == "text")
        #expect(id.confidence > 0)
    }
}
