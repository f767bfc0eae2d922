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

    /// Integers and the thousandths confidences are rounded to take fast paths; the text must be what
    /// `String(Int64(_:))` and `Double.description` write.
    @Test func numbersAreWrittenAsTheirSwiftDescriptions() {
        func text(_ body: (inout JSONTextWriter) -> Void) -> String {
            var w = JSONTextWriter()
            body(&w)
            return String(decoding: w.bytes, as: UTF8.self)
        }
        for v in [0, 7, -1, 10, 99, 100, -987_654_321, Int.max, Int.min] {
            #expect(text { $0.number(v) } == String(v))
        }
        for k in 0...1000 {
            let v = (Double(k) / 1000 * 1000).rounded() / 1000
            let expected = v == v.rounded() ? String(Int64(v)) : v.description
            #expect(text { $0.number(v) } == expected)
        }
        for v in [0.1234, 1e-7, 2.5, 123.456, -0.5, 0.0005, 0.9999, 1 / 3.0, -0.001] {
            #expect(text { $0.number(v) } == v.description)
        }
    }

    @Test func stringsAreEscapedWhereverTheSpecialCharacterIs() throws {
        for s in ["", "plain", String(repeating: "long text ", count: 20) + "\"quoted\"\n" + String(repeating: "x", count: 40),
                  "\u{01}start", "end\\", "é ✓ ünïcödé"] {
            var w = JSONTextWriter()
            w.beginArray(); w.element(); w.string(s); w.endArray()
            let back = try #require(JSONSerialization.jsonObject(with: w.data) as? [String])
            #expect(back == [s])
        }
    }
}
