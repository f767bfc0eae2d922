import Foundation

/// A trained, versioned protocol classifier: the three member models, the open-set calibration and its provenance.
///
/// Persisted as JSON (in the workspace's `classifier_model` table or as a file) so that a model can be listed,
/// chosen and reloaded; `featureSet` guards against loading a model built for another feature layout.
public struct ClassifierModel: Sendable, Codable {
    public var id: String
    public var featureSet: String
    /// SHA-256 over the training samples' labels and bytes.
    public var trainingDataHash: String
    public var createdAt: Date
    /// Class labels, index = class number.
    public var labels: [String]
    /// Messages per flow sample.
    public var window: Int
    public var forest: RandomForest?
    public var convNet: ByteConvNet?
    public var nGram: ByteNGramModel?
    public var novelty: NoveltyCalibration
    /// Confidence below which the answer is "unknown", chosen on validation data.
    public var unknownThreshold: Double
    /// Figures measured when the model was built (validation split, or cross-validation when `eval` stored them).
    public var metrics: [String: Double]
    /// Training samples per label.
    public var trainingCounts: [String: Int]

    /// The JSON form, with sorted keys so that the same model gives the same bytes.
    public func encoded() throws -> [UInt8] {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .iso8601
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return [UInt8](try e.encode(self))
    }

    /// Decodes a model; error 2002 when the bytes are not a model, 2004 when its feature set is not this build's.
    public static func decode(_ bytes: [UInt8]) throws -> ClassifierModel {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let model: ClassifierModel
        do { model = try d.decode(ClassifierModel.self, from: Data(bytes)) } catch {
            throw QbitelError(.modelCorrupt, "classifier model cannot be decoded: \(error)")
        }
        guard model.featureSet == FlowFeatureExtractor.featureSetID else {
            throw QbitelError(.featureMismatch, "model \(model.id) uses feature set \(model.featureSet); this build uses \(FlowFeatureExtractor.featureSetID)")
        }
        guard model.labels.count >= 2, model.novelty.classes.count == model.labels.count else {
            throw QbitelError(.modelCorrupt, "classifier model \(model.id) has inconsistent classes")
        }
        return model
    }
}
