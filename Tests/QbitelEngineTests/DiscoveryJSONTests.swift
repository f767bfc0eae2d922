import Foundation
import Testing
@testable import QbitelEngine

@Suite struct DiscoveryJSONTests {
    /// The directly written document must read back as exactly the values `JSONEncoder` would have written.
    @Test func theWrittenDocumentDecodesToTheSameValuesAsTheGenericEncoder() async throws {
        let (cap, d) = GrammarFixtures.capture(count: 120)
        let o = Orchestrator(discover: { _, _ in d })
        let r = await o.start(cap).result
        var doc = OrchestratorJSON.document(capture: cap, result: r)
        #expect(!doc.messages.isEmpty)
        // Names and ids with characters JSON must escape, and values that are integral or not.
        doc.capture = "quote\" back\\slash\ttab\nline \u{01} é ✓"
        doc.messages[0].fields.append(.init(offset: 3, length: 2, kind: "string", confidence: 1, name: "a\"b\u{1F}"))
        doc.messages[1].boundary_confidence = [0, 0.125, 1, 0.333]
        doc.types[0].name = "type \"one\""
        doc.classification = ProtocolIdentification(label: "x", confidence: 0.5, modelID: nil)

        let fast = try DiscoveryJSON.encode(doc)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let generic = try enc.encode(doc)

        let decoded = try JSONDecoder().decode(DiscoveryJSON.Document.self, from: fast)
        #expect(decoded == doc)
        let a = try JSONSerialization.jsonObject(with: fast) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: generic) as? NSDictionary
        #expect(a != nil && a == b)
    }

    @Test func nonFiniteNumbersBecomeNull() throws {
        var w = JSONTextWriter()
        w.beginArray()
        for v in [Double.nan, .infinity, 2, -0.5, 1e-7] { w.element(); w.number(v) }
        w.endArray()
        let arr = try #require(JSONSerialization.jsonObject(with: w.data) as? [Any])
        #expect(arr.count == 5)
        #expect(arr[0] is NSNull && arr[1] is NSNull)
        #expect((arr[2] as? NSNumber)?.doubleValue == 2)
        #expect((arr[3] as? NSNumber)?.doubleValue == -0.5)
        #expect((arr[4] as? NSNumber)?.doubleValue == 1e-7)
    }
}
