import QbitelEngine

/// The analyst's review of a batch of suggestions: each is accepted or rejected explicitly, and only accepted ones
/// change the fields.
public struct SuggestionReview: Sendable, Equatable {
    public private(set) var suggestions: [FieldSuggestion]

    public init(_ suggestions: [FieldSuggestion]) { self.suggestions = suggestions }

    public mutating func accept(_ index: Int) { decide(index, .accepted) }
    public mutating func reject(_ index: Int) { decide(index, .rejected) }

    private mutating func decide(_ index: Int, _ d: FieldSuggestion.Decision) {
        guard suggestions.indices.contains(index) else { return }
        suggestions[index].decision = d
    }

    public var pendingCount: Int { suggestions.filter { $0.decision == .pending }.count }

    /// The fields with the accepted suggestions applied; pending and rejected ones leave fields unchanged.
    public func applied(to fields: [InferredField]) -> [InferredField] {
        var byField: [FieldSpan: FieldSuggestion] = [:]
        for s in suggestions where s.decision == .accepted { byField[FieldSpan(offset: s.offset, length: s.length)] = s }
        return fields.map { f in
            guard let s = byField[FieldSpan(offset: f.offset, length: f.length)] else { return f }
            var g = f
            if let name = s.name { g.name = name }
            if let kind = s.kind { g.kind = kind }
            return g
        }
    }
}
