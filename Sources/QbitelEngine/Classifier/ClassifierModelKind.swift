/// The three member models of the ensemble.
public enum ClassifierModelKind: String, Sendable, Codable, CaseIterable {
    case randomForest = "forest"
    case convNet = "cnn"
    case nGram = "ngram"
}
