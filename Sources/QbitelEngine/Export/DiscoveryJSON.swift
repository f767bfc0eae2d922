import Foundation

/// The `qbitel discover --json` document: the stable format `../shared/eval/score.py` and other tools read.
///
/// `{"capture", "messages": [{"frame", "flow", "direction", "length", "type", "boundaries", "fields"}], "types",
/// "timings_ms"}`; offsets count from the message's first byte.
public enum DiscoveryJSON {
    public struct FieldDTO: Codable, Equatable {
        public var offset: Int
        public var length: Int
        public var kind: String
        public var confidence: Double
        public var name: String?
    }

    public struct MessageDTO: Codable, Equatable {
        public var frame: Int
        public var flow: String
        public var direction: String
        public var length: Int
        public var type: String
        public var boundaries: [Int]
        public var boundary_confidence: [Double]
        public var fields: [FieldDTO]
    }

    public struct TypeDTO: Codable, Equatable {
        public var id: String
        public var count: Int
        public var confidence: Double
        public var rule: String
        public var name: String?
    }

    public struct Document: Codable, Equatable {
        public var capture: String
        public var messages: [MessageDTO]
        public var types: [TypeDTO]
        public var timings_ms: [String: Double]
        /// Extra sections (grammar, validation, classification) added by later phases, as raw JSON values.
        public var engine_version: String
        /// The learned grammar (versioned), when LEARNING ran.
        public var grammar: Grammar? = nil
        /// Verdict counts and anomalies, when VALIDATION ran.
        public var validation: OrchestratorJSON.ValidationDTO? = nil
        /// Protocol identification, when a classifier ran.
        public var classification: ProtocolIdentification? = nil
        /// The orchestrator's phases with timings and any failure.
        public var phases: OrchestratorJSON.PhasesDTO? = nil
    }

    public static func document(capture: Capture, result: DiscoveryResult, typesOnly: Bool = false) -> Document {
        var msgs: [MessageDTO] = []
        msgs.reserveCapacity(result.messages.count)
        // Each flow's text is built once: many messages share a flow, and the text takes several allocations.
        var flowNames = [String?](repeating: nil, count: capture.flows.count)
        func flowName(_ m: Message) -> String {
            guard capture.flows.indices.contains(m.flowIndex), capture.flows[m.flowIndex].key == m.flow else {
                return m.flow.description
            }
            if let name = flowNames[m.flowIndex] { return name }
            let name = m.flow.description
            flowNames[m.flowIndex] = name
            return name
        }
        for inf in result.messages {
            let m = capture.messages[inf.messageIndex]
            msgs.append(MessageDTO(
                frame: m.frame, flow: flowName(m), direction: m.direction.rawValue, length: m.length,
                type: inf.typeID,
                boundaries: typesOnly ? [0, m.length] : inf.boundaries,
                boundary_confidence: typesOnly ? [] : inf.boundaryConfidence.map(round3),
                fields: typesOnly ? [] : inf.fields.map {
                    FieldDTO(offset: $0.offset, length: $0.length, kind: $0.kind.rawValue,
                             confidence: round3($0.confidence), name: $0.name)
                }))
        }
        let types = result.types.map {
            TypeDTO(id: $0.id, count: $0.count, confidence: round3($0.confidence), rule: $0.rule, name: $0.name)
        }
        return Document(capture: capture.name, messages: msgs, types: types,
                        timings_ms: result.timingsMS.mapValues(round3), engine_version: QbitelEngineInfo.version)
    }

    /// One JSON object with sorted keys. The per-message arrays are written directly (they are nearly all of the
    /// bytes, and a generic encoder spends far longer on them than the analysis spends when served from the
    /// workspace); the smaller sections go through `JSONEncoder`.
    public static func encode(_ doc: Document) throws -> Data {
        // An encoder only for the sections that are there: a served document has none of them.
        func encoded<T: Encodable>(_ value: T) throws -> Data {
            let enc = JSONEncoder()
            enc.outputFormatting = [.sortedKeys]
            return try enc.encode(value)
        }
        // Room for the whole document up front (about 60 bytes a field and 10 a boundary), so the buffer is not
        // copied as it grows.
        let estimate = doc.messages.reduce(4096 + 64 * doc.types.count) { n, m in
            n + 160 + 64 * m.fields.count + 10 * (m.boundaries.count + m.boundary_confidence.count)
        }
        var w = JSONTextWriter(capacity: estimate)
        w.beginObject()
        w.key(literal: "capture"); w.string(doc.capture)
        if let c = doc.classification { w.key(literal: "classification"); w.raw(try encoded(c)) }
        w.key(literal: "engine_version"); w.string(doc.engine_version)
        if let g = doc.grammar { w.key(literal: "grammar"); w.raw(try encoded(g)) }
        w.key(literal: "messages"); w.beginArray()
        for m in doc.messages { w.element(); write(m, to: &w) }
        w.endArray()
        if let p = doc.phases { w.key(literal: "phases"); w.raw(try encoded(p)) }
        // A served document's timings are spliced in later; its empty placeholder needs no encoder.
        w.key(literal: "timings_ms")
        if doc.timings_ms.isEmpty { w.beginObject(); w.endObject() } else { w.raw(try encoded(doc.timings_ms)) }
        w.key(literal: "types"); w.beginArray()
        for t in doc.types {
            w.element(); w.beginObject()
            w.key(literal: "confidence"); w.number(t.confidence)
            w.key(literal: "count"); w.number(t.count)
            w.key(literal: "id"); w.string(t.id)
            if let n = t.name { w.key(literal: "name"); w.string(n) }
            w.key(literal: "rule"); w.string(t.rule)
            w.endObject()
        }
        w.endArray()
        if let v = doc.validation { w.key(literal: "validation"); w.raw(try encoded(v)) }
        w.endObject()
        return w.data
    }

    private static func write(_ m: MessageDTO, to w: inout JSONTextWriter) {
        w.beginObject()
        w.key(literal: "boundaries"); w.beginArray()
        for b in m.boundaries { w.element(); w.number(b) }
        w.endArray()
        w.key(literal: "boundary_confidence"); w.beginArray()
        for c in m.boundary_confidence { w.element(); w.number(c) }
        w.endArray()
        w.key(literal: "direction"); w.string(m.direction)
        w.key(literal: "fields"); w.beginArray()
        for f in m.fields {
            w.element(); w.beginObject()
            w.key(literal: "confidence"); w.number(f.confidence)
            w.key(literal: "kind"); w.string(f.kind)
            w.key(literal: "length"); w.number(f.length)
            if let n = f.name { w.key(literal: "name"); w.string(n) }
            w.key(literal: "offset"); w.number(f.offset)
            w.endObject()
        }
        w.endArray()
        w.key(literal: "flow"); w.string(m.flow)
        w.key(literal: "frame"); w.number(m.frame)
        w.key(literal: "length"); w.number(m.length)
        w.key(literal: "type"); w.string(m.type)
        w.endObject()
    }

    static func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
}
