import Foundation
import QbitelEngine

/// The `discover --json` document of one analysis, kept as its already-encoded JSON sections so that a run served
/// from the workspace writes them straight through instead of decoding the saved analysis and encoding it again.
///
/// Everything but the per-message array and the capture's name is here: the messages are rendered from the run's
/// pages and the capture in hand (they are nearly all of the bytes and are already stored compactly), the name from
/// the path the capture was opened by. `document` assembles the same bytes `DiscoveryJSON.encode` writes for
/// `OrchestratorJSON.document`; `DiscoveryJSON` stays the one definition of the format (each piece is cut out of
/// its output), and a layout it does not recognise yields nil so callers fall back to the encoder.
public struct DiscoveryDocumentSections: Sendable, Equatable {
    /// `classification`, `grammar`, `validation`: JSON values, nil when the key is absent.
    public var classification: String?
    public var grammar: String?
    public var validation: String?
    /// `phases`, `timings_ms`, `types`: JSON values, always present.
    public var phases: String
    public var timings: String
    public var types: String

    public init(classification: String?, grammar: String?, validation: String?, phases: String, timings: String, types: String) {
        self.classification = classification
        self.grammar = grammar
        self.validation = validation
        self.phases = phases
        self.timings = timings
        self.types = types
    }

    /// Encodes the sections of `result` as `OrchestratorJSON.document` would put them in the document; nil when the
    /// encoder's layout is not the one this type splices. `grammarJSON`, when given, is the grammar already encoded
    /// with sorted keys.
    public init?(result: OrchestratorResult, grammarJSON: String? = nil) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let text: (Data) -> String = { String(decoding: $0, as: UTF8.self) }
        classification = try result.identification.map { text(try enc.encode($0)) }
        grammar = try result.grammar.map { try grammarJSON ?? text(try enc.encode($0)) }
        validation = try result.validation.map { text(try enc.encode(OrchestratorJSON.validation($0))) }
        phases = text(try enc.encode(OrchestratorJSON.phases(result)))
        // `timings_ms` and `types` as DiscoveryJSON writes them: cut from a document that holds only those two.
        let discovery = result.discovery ?? DiscoveryResult(captureName: result.captureName, messages: [], types: [])
        var doc = DiscoveryJSON.document(capture: Self.noMessages, result: DiscoveryResult(
            captureName: "", messages: [], types: discovery.types, timingsMS: discovery.timingsMS))
        doc.capture = ""
        doc.engine_version = ""
        let bytes = [UInt8](try DiscoveryJSON.encode(doc))
        let head = Array(#"{"capture":"","engine_version":"","messages":[],"timings_ms":"#.utf8)
        let typesKey = Array(#","types":["#.utf8)
        guard bytes.count > head.count, bytes.starts(with: head), bytes.last == UInt8(ascii: "}"),
              let typesAt = Self.firstIndex(of: typesKey, in: bytes[...], from: head.count)
        else { return nil }
        timings = String(decoding: bytes[head.count..<typesAt], as: UTF8.self)
        types = String(decoding: bytes[(typesAt + typesKey.count - 1)..<(bytes.count - 1)], as: UTF8.self)
    }

    /// The same sections with `phases` re-encoded for `result` (the phases of a served run say `from_cache`).
    public func withPhases(of result: OrchestratorResult) throws -> DiscoveryDocumentSections {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        var copy = self
        copy.phases = String(decoding: try enc.encode(OrchestratorJSON.phases(result)), as: UTF8.self)
        return copy
    }

    /// The whole document for `messages` (the run's inferences) of `capture`, or nil when `DiscoveryJSON` writes a
    /// layout this type does not know.
    public func document(capture: Capture, messages: [MessageInference], typesOnly: Bool) throws -> Data? {
        let discovery = DiscoveryResult(captureName: capture.name, messages: messages, types: [])
        var doc = DiscoveryJSON.document(capture: capture, result: discovery, typesOnly: typesOnly)
        doc.timings_ms = [:]
        let encoded = try DiscoveryJSON.encode(doc)
        let bytes = encoded[...].startIndex == 0 ? encoded : Data(encoded)
        // {"capture":NAME,"engine_version":VERSION,"messages":[…],"timings_ms":{},"types":[]}
        let tail = Array(#","timings_ms":{},"types":[]}"#.utf8)
        let versionKey = Array(#","engine_version":"#.utf8)
        let messagesKey = Array(#","messages":"#.utf8)
        let captureKey = Array(#"{"capture":"#.utf8)
        guard bytes.starts(with: captureKey), bytes.count > tail.count, bytes.suffix(tail.count).elementsEqual(tail),
              let version = Self.firstIndex(of: versionKey, in: bytes, from: captureKey.count),
              let messagesAt = Self.firstIndex(of: messagesKey, in: bytes, from: version + versionKey.count)
        else { return nil }
        var out = Data()
        out.reserveCapacity(bytes.count + phases.utf8.count + timings.utf8.count + types.utf8.count
                            + (grammar?.utf8.count ?? 0) + (validation?.utf8.count ?? 0) + (classification?.utf8.count ?? 0) + 64)
        out.append(contentsOf: bytes[0..<version])
        if let classification { out.append(contentsOf: #","classification":"#.utf8); out.append(contentsOf: classification.utf8) }
        out.append(contentsOf: bytes[version..<messagesAt])
        if let grammar { out.append(contentsOf: #","grammar":"#.utf8); out.append(contentsOf: grammar.utf8) }
        out.append(contentsOf: bytes[messagesAt..<(bytes.count - tail.count)])
        out.append(contentsOf: #","phases":"#.utf8); out.append(contentsOf: phases.utf8)
        out.append(contentsOf: #","timings_ms":"#.utf8); out.append(contentsOf: timings.utf8)
        out.append(contentsOf: #","types":"#.utf8); out.append(contentsOf: types.utf8)
        if let validation { out.append(contentsOf: #","validation":"#.utf8); out.append(contentsOf: validation.utf8) }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static let noMessages = Capture(name: "", format: .bytes, frameCount: 0, linkTypes: [], messages: [], flows: [],
                                            warnings: [], firstTimestamp: nil, lastTimestamp: nil, byteCount: 0)

    /// The first place `needle` starts in `bytes` at or after `from`. Every key searched for is preceded only by JSON
    /// strings whose quotes are escaped and by numbers, so its quoted name cannot occur earlier inside a value.
    private static func firstIndex<C: RandomAccessCollection>(of needle: [UInt8], in bytes: C, from: Int) -> Int?
        where C.Element == UInt8, C.Index == Int {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = from
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
