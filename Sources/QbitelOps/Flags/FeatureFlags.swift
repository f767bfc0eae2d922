import Foundation

/// Optional modules and whether they are switched on.
///
/// Read from `$XDG_CONFIG_HOME/qbitel/features.conf` (`name = on|off`, `#` comments) and overridden by
/// `QBITEL_FEATURE_<NAME>=1|0` variables. A module that is off is never constructed, so it costs nothing and cannot act.
public struct FeatureFlags: Sendable, Equatable {
    public enum Feature: String, Sendable, CaseIterable {
        /// A cloud LLM provider as fallback (still needs `allow_cloud_fallback = true` in the copilot config and a key).
        case cloudFallback = "cloud_fallback"
        /// Field-meaning detectors still being evaluated (`ExperimentalDetectors`); off by default so results stay
        /// comparable.
        case experimentalDetectors = "experimental_detectors"
        /// Trainer-mode extras: a step showing every detector's opinion on each field.
        case trainerExtras = "trainer_extras"
        /// The workbench's metrics screen.
        case metricsScreen = "metrics_screen"

        public var defaultValue: Bool {
            switch self {
            case .cloudFallback, .trainerExtras, .metricsScreen: return true
            case .experimentalDetectors: return false
            }
        }

        public var environmentName: String { "QBITEL_FEATURE_" + rawValue.uppercased() }
    }

    public private(set) var values: [Feature: Bool]
    /// Where each value came from ("default", "file:LINE", "env"), for `qbitel doctor`.
    public private(set) var sources: [Feature: String]

    public init(values: [Feature: Bool] = [:]) {
        var v: [Feature: Bool] = [:]
        var s: [Feature: String] = [:]
        for f in Feature.allCases {
            v[f] = values[f] ?? f.defaultValue
            s[f] = values[f] == nil ? "default" : "code"
        }
        self.values = v
        self.sources = s
    }

    public func isEnabled(_ f: Feature) -> Bool { values[f] ?? f.defaultValue }

    public static func defaultPath(environment env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((env["HOME"] ?? NSTemporaryDirectory()) + "/.config")
        return base + "/qbitel/features.conf"
    }

    /// Loads the file (if present) then the environment. A bad line is error 9006 naming the line.
    public static func load(path: String? = nil,
                            environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> FeatureFlags {
        var flags = FeatureFlags()
        let file = path ?? defaultPath(environment: env)
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            try flags.apply(configText: text, origin: file)
        }
        for f in Feature.allCases {
            if let raw = env[f.environmentName] {
                guard let b = parseBool(raw) else {
                    throw OpsError.config("\(f.environmentName)=\(raw): expected 1/0, on/off, true/false")
                }
                flags.values[f] = b
                flags.sources[f] = "env"
            }
        }
        return flags
    }

    mutating func apply(configText: String, origin: String) throws {
        for (i, raw) in configText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else {
                throw OpsError.config("\(origin):\(i + 1): expected `name = on|off`")
            }
            guard let f = Feature(rawValue: parts[0]) else {
                throw OpsError.config("\(origin):\(i + 1): unknown feature '\(parts[0])' (known: \(Feature.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard let b = Self.parseBool(parts[1]) else {
                throw OpsError.config("\(origin):\(i + 1): '\(parts[1])' is not on/off")
            }
            values[f] = b
            sources[f] = "\(origin):\(i + 1)"
        }
    }

    static func parseBool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "1", "on", "true", "yes": return true
        case "0", "off", "false", "no": return false
        default: return nil
        }
    }
}
