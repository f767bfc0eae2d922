/// One reason a message is not clean, with the bytes it is about so the UI can mark them.
public struct ValidationReason: Sendable, Codable, Equatable {
    public var code: ErrorCode
    public var message: String
    public var offset: Int?
    public var length: Int?
    /// Grammar path of the field concerned (`T1/len`).
    public var field: String?

    public init(code: ErrorCode, message: String, offset: Int? = nil, length: Int? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.length = length
        self.field = field
    }
}

/// The outcome for one message.
public enum Verdict: String, Sendable, Codable, Equatable {
    /// Passed every check of the level.
    case valid
    /// Parses, but a semantic check or a user rule failed.
    case anomalous
    /// Out of bounds or does not parse.
    case invalid
}

public struct MessageVerdict: Sendable, Codable, Equatable {
    public var messageIndex: Int
    public var frame: Int
    public var verdict: Verdict
    /// The type it parsed as, if it parsed.
    public var typeID: String?
    public var reasons: [ValidationReason]
}

/// Verdicts for every message, with counts for the summary line.
public struct ValidationReport: Sendable, Codable, Equatable {
    public var level: ValidationLevel
    public var verdicts: [MessageVerdict]

    public init(level: ValidationLevel, verdicts: [MessageVerdict]) {
        self.level = level
        self.verdicts = verdicts
    }

    public var validCount: Int { verdicts.count { $0.verdict == .valid } }
    public var anomalousCount: Int { verdicts.count { $0.verdict == .anomalous } }
    public var invalidCount: Int { verdicts.count { $0.verdict == .invalid } }
    /// Messages that parsed (all but those failing BASIC or STANDARD).
    public var parsedCount: Int { verdicts.count { $0.typeID != nil } }
    public var parseRate: Double { verdicts.isEmpty ? 0 : Double(parsedCount) / Double(verdicts.count) }

    /// How often each error code was a reason.
    public var countsByCode: [ErrorCode: Int] {
        var c: [ErrorCode: Int] = [:]
        for v in verdicts { for r in v.reasons { c[r.code, default: 0] += 1 } }
        return c
    }

    /// `STRICT: 980 valid, 15 anomalous, 5 invalid; parse rate 99.5 %; 5001 ×5, 5005 ×15`.
    public var summaryLine: String {
        var s = "\(level.rawValue.uppercased()): \(validCount) valid, \(anomalousCount) anomalous, \(invalidCount) invalid"
        s += "; parse rate \(GrammarText.fmt(parseRate * 100, 1)) %"
        let codes = countsByCode.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) ×\($0.value)" }
        if !codes.isEmpty { s += "; " + codes.joined(separator: ", ") }
        return s
    }
}
