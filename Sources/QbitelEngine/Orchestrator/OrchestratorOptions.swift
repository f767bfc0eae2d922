/// What an analysis run does.
public struct OrchestratorOptions: Sendable, Equatable {
    public var discovery: DiscoveryOptions
    public var validationLevel: ValidationLevel
    public var rules: ValidationRules
    public var emMaxIterations: Int
    /// Skip LEARNING and VALIDATION (only types), as `discover --types-only` asks.
    public var typesOnly: Bool
    /// How the capture was cut into messages. The capture's hash is of its file, which both units share, so the
    /// unit must be part of the tag or a stream-unit run could be served the segment-unit result.
    public var messageUnit: CaptureOptions.MessageUnit

    public init(discovery: DiscoveryOptions = DiscoveryOptions(), validationLevel: ValidationLevel = .strict,
                rules: ValidationRules = ValidationRules(), emMaxIterations: Int = 50, typesOnly: Bool = false,
                messageUnit: CaptureOptions.MessageUnit = .segment) {
        self.discovery = discovery
        self.validationLevel = validationLevel
        self.rules = rules
        self.emMaxIterations = emMaxIterations
        self.typesOnly = typesOnly
        self.messageUnit = messageUnit
    }

    /// A short fingerprint of what changes the result: the options and the engine build.
    public var tag: String {
        let ruleText = rules.rules.map(\.text).joined(separator: "\n")
        return "v\(Grammar.formatVersion)-\(validationLevel.rawValue)-em\(emMaxIterations)-\(typesOnly ? "types" : "full")"
            + "-max\(discovery.maxMessageLength)-r" + String(SHA256Hash.hex(Array(ruleText.utf8)).prefix(12))
            + (discovery.experimentalDetectors ? "-xdet" : "")
            + (messageUnit == .streamChunk ? "-stream" : "")
            + "-b" + String(SHA256Hash.hex(Array(QbitelEngineInfo.build.utf8)).prefix(8))
    }
}
