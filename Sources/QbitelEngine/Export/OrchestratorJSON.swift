import Foundation

/// The JSON sections an orchestrated analysis adds to the `discover --json` document.
///
/// The document keeps `messages[].frame/type/boundaries` exactly as `DiscoveryJSON` writes them; these sections are
/// extra keys next to them.
public enum OrchestratorJSON {
    public struct ReasonDTO: Codable, Equatable, Sendable {
        public var code: Int
        public var message: String
        public var offset: Int?
        public var length: Int?
        public var field: String?
    }

    public struct AnomalyDTO: Codable, Equatable, Sendable {
        public var frame: Int
        public var verdict: String
        public var type: String?
        public var reasons: [ReasonDTO]
    }

    public struct ValidationDTO: Codable, Equatable, Sendable {
        public var level: String
        public var valid: Int
        public var anomalous: Int
        public var invalid: Int
        public var parse_rate: Double
        public var by_code: [String: Int]
        /// The first 200 messages that are not valid.
        public var anomalies: [AnomalyDTO]
    }

    public struct PhasesDTO: Codable, Equatable, Sendable {
        public var completed: [String]
        public var failed: String?
        public var error: ReasonDTO?
        public var timings_ms: [String: Double]
        public var capture_sha256: String
        public var from_cache: Bool
    }

    public static func validation(_ r: ValidationReport) -> ValidationDTO {
        let bad = r.verdicts.lazy.filter { $0.verdict != .valid }.prefix(200).map {
            AnomalyDTO(frame: $0.frame, verdict: $0.verdict.rawValue, type: $0.typeID,
                       reasons: $0.reasons.map { ReasonDTO(code: $0.code.rawValue, message: $0.message, offset: $0.offset, length: $0.length, field: $0.field) })
        }
        return ValidationDTO(level: r.level.rawValue, valid: r.validCount, anomalous: r.anomalousCount, invalid: r.invalidCount,
                             parse_rate: DiscoveryJSON.round3(r.parseRate),
                             by_code: Dictionary(uniqueKeysWithValues: r.countsByCode.map { (String($0.key.rawValue), $0.value) }),
                             anomalies: Array(bad))
    }

    public static func phases(_ r: OrchestratorResult) -> PhasesDTO {
        PhasesDTO(completed: r.completedPhases.map(\.rawValue), failed: r.failedPhase?.rawValue,
                  error: r.failure.map { ReasonDTO(code: $0.code.rawValue, message: $0.message, offset: $0.offset, length: nil, field: nil) },
                  timings_ms: r.phaseTimingsMS.mapValues(DiscoveryJSON.round3), capture_sha256: r.captureHash, from_cache: r.fromCache)
    }

    /// The full document: discovery as before, plus grammar, validation, classification and phases.
    public static func document(capture: Capture, result: OrchestratorResult, typesOnly: Bool = false) -> DiscoveryJSON.Document {
        let discovery = result.discovery ?? DiscoveryResult(captureName: capture.name, messages: [], types: [])
        var doc = DiscoveryJSON.document(capture: capture, result: discovery, typesOnly: typesOnly)
        doc.grammar = result.grammar
        doc.validation = result.validation.map(validation)
        doc.classification = result.identification
        doc.phases = phases(result)
        return doc
    }
}
