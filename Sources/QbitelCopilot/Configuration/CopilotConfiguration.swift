import Foundation
import QbitelEngine

/// Where the copilot sends questions and how patiently: read from `$XDG_CONFIG_HOME/qbitel/copilot.toml`
/// (default `~/.config/qbitel/copilot.toml`), then overridden by environment variables.
///
/// Air-gapped by default: the cloud provider is used only with `allow_cloud_fallback = true` AND a key in
/// `ANTHROPIC_API_KEY`.
public struct CopilotConfiguration: Sendable, Equatable {
    public var ollamaURL = "http://localhost:11434"
    public var model = "qwen2.5:3b-instruct"
    /// Provider names in the order they are tried: "ollama", "anthropic".
    public var providerOrder = ["ollama"]
    public var allowCloudFallback = false
    public var anthropicModel = "claude-3-5-haiku-latest"
    public var anthropicURL = "https://api.anthropic.com"
    /// Present only when the environment holds a key; never read from the file.
    public var anthropicAPIKey: String?
    /// A PEM file of certificate authorities to trust for HTTPS instead of the system's (`ca_bundle`,
    /// `QBITEL_CA_BUNDLE`): a private CA or a TLS-inspecting proxy on the way to the cloud provider.
    public var caBundle: String?
    public var timeouts = HTTPTimeouts()
    public var contextTokens = 4096
    public var maxAnswerTokens = 512
    public var temperature = 0.2
    public var keepAlive = "5m"
    public var requestsPerMinute = 60
    /// Where the values came from, for `qbitel doctor`.
    public var sourcePath: String?

    public init() {}

    /// True when a cloud provider may actually be used: allowed, listed, and a key present.
    public var cloudEnabled: Bool {
        allowCloudFallback && anthropicAPIKey?.isEmpty == false && providerOrder.contains("anthropic")
    }

    /// The configuration file path for an environment.
    public static func path(environment: [String: String]) -> String {
        if let explicit = environment["QBITEL_COPILOT_CONFIG"], !explicit.isEmpty { return explicit }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return base + "/qbitel/copilot.toml"
    }

    /// Reads the file (if present) and applies the environment. A missing file means defaults.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> CopilotConfiguration {
        let path = path(environment: environment)
        var config = CopilotConfiguration()
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw QbitelError(.configInvalid, "\(path) cannot be read")
            }
            config = try parse(text, path: path)
        }
        try config.applyEnvironment(environment)
        return config
    }

    /// Parses the `key = value` file (a TOML subset: strings, numbers, booleans, string arrays, `#` comments,
    /// an optional `[copilot]` table header).
    public static func parse(_ text: String, path: String = "copilot.toml") throws -> CopilotConfiguration {
        var config = CopilotConfiguration()
        config.sourcePath = path
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = ConfigValue.stripComment(String(raw)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line == "[copilot]" { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw QbitelError(.configInvalid, "\(path):\(number + 1): expected `key = value`")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = try ConfigValue(parsing: line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces),
                                        at: "\(path):\(number + 1)")
            try config.set(key, value, at: "\(path):\(number + 1)")
        }
        return config
    }

    mutating func set(_ key: String, _ value: ConfigValue, at place: String) throws {
        switch key {
        case "ollama_url": ollamaURL = try Self.httpURL(value.string(key, place), key, place)
        case "model": model = try value.string(key, place)
        case "providers": providerOrder = try value.strings(key, place)
        case "allow_cloud_fallback": allowCloudFallback = try value.bool(key, place)
        case "anthropic_model": anthropicModel = try value.string(key, place)
        case "anthropic_url": anthropicURL = try Self.httpURL(value.string(key, place), key, place)
        case "connect_timeout": timeouts.connect = try value.positive(key, place)
        case "first_byte_timeout": timeouts.firstByte = try value.positive(key, place)
        case "idle_timeout": timeouts.idle = try value.positive(key, place)
        case "timeout": timeouts.total = try value.positive(key, place)
        case "num_ctx": contextTokens = Int(try value.positive(key, place))
        case "num_predict": maxAnswerTokens = Int(try value.positive(key, place))
        case "temperature": temperature = try value.number(key, place)
        case "keep_alive": keepAlive = try value.string(key, place)
        case "requests_per_minute": requestsPerMinute = Int(try value.positive(key, place))
        case "ca_bundle": caBundle = try Self.readableFile(value.string(key, place), "`\(key)`", place)
        default: throw QbitelError(.configInvalid, "\(place): unknown key `\(key)`")
        }
        for p in providerOrder where p != "ollama" && p != "anthropic" {
            throw QbitelError(.configInvalid, "\(place): unknown provider `\(p)` (ollama, anthropic)")
        }
    }

    /// A CA bundle must be a readable file when configured, so a typo fails here (9006) rather than on every request.
    static func readableFile(_ path: String, _ what: String, _ place: String) throws -> String {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw QbitelError(.configInvalid, "\(place): \(what) names \(path), which is not a readable file")
        }
        return path
    }

    static func httpURL(_ text: String, _ key: String, _ place: String) throws -> String {
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else {
            throw QbitelError(.configInvalid, "\(place): `\(key)` must start with http:// or https://")
        }
        return text
    }

    /// `QBITEL_OLLAMA_URL`, `QBITEL_OLLAMA_MODEL`, `QBITEL_COPILOT_TIMEOUT` (seconds, whole request),
    /// `QBITEL_ALLOW_CLOUD_FALLBACK` (true/false), `QBITEL_CA_BUNDLE` and `ANTHROPIC_API_KEY` win over the file.
    public mutating func applyEnvironment(_ env: [String: String]) throws {
        if let v = env["QBITEL_OLLAMA_URL"], !v.isEmpty {
            guard v.hasPrefix("http://") || v.hasPrefix("https://") else {
                throw QbitelError(.configInvalid, "QBITEL_OLLAMA_URL must start with http:// or https://")
            }
            ollamaURL = v
        }
        if let v = env["QBITEL_OLLAMA_MODEL"], !v.isEmpty { model = v }
        if let v = env["QBITEL_COPILOT_TIMEOUT"], !v.isEmpty {
            guard let s = Double(v), s > 0 else { throw QbitelError(.configInvalid, "QBITEL_COPILOT_TIMEOUT is not a positive number") }
            timeouts.total = s
            timeouts.firstByte = min(timeouts.firstByte, s)
        }
        if let v = env["QBITEL_ALLOW_CLOUD_FALLBACK"], !v.isEmpty {
            switch v.lowercased() {
            case "1", "true", "yes": allowCloudFallback = true
            case "0", "false", "no": allowCloudFallback = false
            default: throw QbitelError(.configInvalid, "QBITEL_ALLOW_CLOUD_FALLBACK must be true or false")
            }
        }
        if let v = env["ANTHROPIC_API_KEY"], !v.isEmpty { anthropicAPIKey = v }
        if let v = env["QBITEL_CA_BUNDLE"], !v.isEmpty { caBundle = try Self.readableFile(v, "QBITEL_CA_BUNDLE", "environment") }
    }
}
