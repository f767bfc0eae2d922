import Foundation
import QbitelEngine

/// One change the copilot proposes for one inferred field; the analyst accepts or rejects it, nothing is applied
/// on its own.
public struct FieldSuggestion: Sendable, Equatable, Codable {
    public enum Decision: String, Sendable, Codable { case pending, accepted, rejected }

    public var offset: Int
    public var length: Int
    public var name: String?
    public var kind: FieldKind?
    public var reason: String?
    public var decision: Decision = .pending

    public init(offset: Int, length: Int, name: String? = nil, kind: FieldKind? = nil, reason: String? = nil) {
        self.offset = offset
        self.length = length
        self.name = name
        self.kind = kind
        self.reason = reason
    }

    /// Parses a copilot answer strictly: one JSON object `{"fields": [...]}`, every entry naming an existing
    /// field by offset and length, names in snake_case, kinds from `FieldKind`. Anything else is error 3015.
    public static func parse(_ answer: String, fields: [InferredField], expecting action: QuickAction) throws -> [FieldSuggestion] {
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        let document: SuggestionDocument
        do {
            document = try JSONDecoder().decode(SuggestionDocument.self, from: Data(text.utf8))
        } catch {
            throw QbitelError(.badSuggestion, "the answer is not the JSON object {\"fields\": [{offset, length, …}]}")
        }
        let known = Set(fields.map { FieldSpan(offset: $0.offset, length: $0.length) })
        var seen = Set<FieldSpan>()
        var out: [FieldSuggestion] = []
        for (i, e) in document.fields.enumerated() {
            let span = FieldSpan(offset: e.offset, length: e.length)
            guard known.contains(span) else {
                throw QbitelError(.badSuggestion, "fields[\(i)] (offset \(e.offset), length \(e.length)) is not an inferred field")
            }
            guard seen.insert(span).inserted else { throw QbitelError(.badSuggestion, "fields[\(i)] repeats a field") }
            var s = FieldSuggestion(offset: e.offset, length: e.length, reason: e.reason)
            switch action {
            case .nameFields:
                guard let name = e.name, isIdentifier(name) else {
                    throw QbitelError(.badSuggestion, "fields[\(i)] needs a snake_case name of 1–40 characters")
                }
                s.name = name
            case .suggestFieldKinds:
                guard let word = e.kind, let kind = FieldKind(rawValue: word) else {
                    throw QbitelError(.badSuggestion, "fields[\(i)] needs a kind among \(QuickAction.kindList)")
                }
                s.kind = kind
            case .explainMessage, .guessProtocol:
                throw QbitelError(.badSuggestion, "\(action.rawValue) answers are prose, not suggestions")
            }
            out.append(s)
        }
        return out
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard (1...40).contains(s.count), let first = s.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// The JSON shape a field-suggestion answer must have; decoding rejects wrong types (a string offset, a fraction).
struct SuggestionDocument: Decodable {
    struct Entry: Decodable {
        var offset: Int
        var length: Int
        var name: String?
        var kind: String?
        var reason: String?
    }
    var fields: [Entry]
}

struct FieldSpan: Hashable {
    var offset: Int
    var length: Int
}
