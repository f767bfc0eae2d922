import Foundation

/// A probabilistic context-free grammar of one capture's messages: `Message → Type_1 | … | Type_k`.
///
/// Learned by `GrammarLearner` from a discovery result, refined by `GrammarEM`, compiled by `GrammarParser`,
/// exported as JSON (with `version`), as readable text (`GrammarText`), as a Lua dissector and as Kaitai Struct.
public struct Grammar: Sendable, Codable, Equatable {
    /// The JSON format version this build reads and writes.
    public static let formatVersion = 1

    public var version: Int
    public var captureName: String
    public var types: [GrammarType]
    public var em: EMReport?

    public init(captureName: String, types: [GrammarType], em: EMReport? = nil) {
        self.version = Grammar.formatVersion
        self.captureName = captureName
        self.types = types
        self.em = em
    }

    /// The order in which the parser (and every exported dissector) tries the types: the most specific guard first.
    ///
    /// Types with more leading constant bytes come first, then fixed layouts, then the more probable; ties by id.
    /// Sharing this order is what makes the engine and the exports pick the same type for a message.
    public var parseOrder: [Int] {
        types.indices.sorted { a, b in
            let x = types[a], y = types[b]
            if x.leadingConstantBytes != y.leadingConstantBytes { return x.leadingConstantBytes > y.leadingConstantBytes }
            if x.isFixedLayout != y.isFixedLayout { return x.isFixedLayout }
            if x.probability != y.probability { return x.probability > y.probability }
            return x.id < y.id
        }
    }

    /// JSON with sorted keys, the form stored in workspaces and exported.
    public func jsonData(pretty: Bool = false) throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        return try enc.encode(self)
    }

    /// Reads a grammar document; refuses other versions and broken references (error 5008).
    public static func decode(_ data: Data) throws -> Grammar {
        let g: Grammar
        do {
            g = try JSONDecoder().decode(Grammar.self, from: data)
        } catch {
            throw QbitelError(.badGrammar, "not a grammar document: \(error)")
        }
        guard g.version == formatVersion else {
            throw QbitelError(.badGrammar, "grammar version \(g.version), this build reads version \(formatVersion)")
        }
        _ = try GrammarParser(grammar: g)
        return g
    }
}
