import QbitelEngine

/// The field-kind words the copilot may use, exactly as `FieldKind` spells them.
enum FieldKindNames {
    static let all: [String] = FieldKind.allCases.map(\.rawValue)
}
