import Foundation
import Testing
import Yams
@testable import QbitelEngine

@Suite struct ExportTests {
    static let hostile = ["a\"b\nc", "]] os.execute('touch /tmp/pwned') --[[", "x: y # z", "'; DROP TABLE", "tab\there", "ü\u{0}zero",
                          "- [evil]", "{&anchor *ref}", "\\\\\"", "end)\nprint(1)--"]

    /// The synthetic grammar with every name replaced by a hostile one.
    static func hostileGrammar() throws -> (Capture, Grammar) {
        var (cap, g) = try GrammarFixtures.grammar(count: 200)
        for i in g.types.indices { g.types[i].name = hostile[i % hostile.count] }
        var k = 0
        // Names must stay unique within a list for the grammar to compile: append a counter.
        g.updateNodes { _, _, n in
            let old = n.name
            n.name = hostile[k % hostile.count] + "\(k)"
            k += 1
            _ = old
        }
        // Field references follow their renamed fields.
        fixReferences(&g)
        return (cap, g)
    }

    static func fixReferences(_ g: inout Grammar) {
        for t in g.types.indices {
            var nodes = g.types[t].nodes
            // In the fixture, T2's body refers to its third field, T3's items count to its second, and item values to len.
            let n = nodes.count
            if n > 2, nodes[n - 1].terminal?.lengthFrom != nil {
                let ref = nodes[2].name
                nodes[n - 1].terminal?.lengthFrom = ref
            }
            if n > 1, nodes[n - 1].kind == .repeated, var body = nodes[n - 1].body, body.count == 3 {
                let count = nodes[1].name
                nodes[n - 1].countFrom = count
                let len = body[1].name
                body[2].terminal?.lengthFrom = len
                nodes[n - 1].body = body
            }
            g.types[t].nodes = nodes
        }
    }

    @Test func kaitaiIsValidYAMLWithTheSchemaKeys() throws {
        let (_, g) = try GrammarFixtures.grammar(count: 200)
        let ksy = KaitaiExporter(grammar: g).render()
        let doc = try #require(try Yams.load(yaml: ksy) as? [String: Any])
        let meta = try #require(doc["meta"] as? [String: Any])
        #expect((meta["id"] as? String)?.hasPrefix("qbitel_") == true)
        #expect(meta["endian"] as? String == "be")
        let seq = try #require(doc["seq"] as? [[String: Any]])
        let type = try #require(seq.first?["type"] as? [String: Any])
        #expect(type["switch-on"] as? String == "selector")
        let cases = try #require(type["cases"] as? [AnyHashable: Any])
        #expect(cases.count == 3)
        #expect(cases.contains { "\($0.key)" == "161" && $0.value as? String == "msg_t1" })
        #expect(cases.contains { "\($0.key)" == "178" && $0.value as? String == "msg_t2" })
        let types = try #require(doc["types"] as? [String: Any])
        let t1 = try #require((types["msg_t1"] as? [String: Any])?["seq"] as? [[String: Any]])
        #expect(t1.first?["contents"] as? [Int] == [0xA1])
        #expect(t1[1]["enum"] as? String == "msg_t1_f1")
        #expect(t1[2]["type"] as? String == "u2be")
        let t2 = try #require((types["msg_t2"] as? [String: Any])?["seq"] as? [[String: Any]])
        #expect(t2.last?["size"] as? String == "f2")
        let t3 = try #require((types["msg_t3"] as? [String: Any])?["seq"] as? [[String: Any]])
        #expect(t3.last?["repeat"] as? String == "expr")
        #expect(t3.last?["repeat-expr"] as? String == "f1")
        #expect(types["msg_t3_items"] != nil)
        let enums = try #require(doc["enums"] as? [String: Any])
        #expect(enums["msg_t1_f1"] != nil)
    }

    @Test func hostileNamesCannotInjectIntoKaitai() throws {
        let (_, g) = try Self.hostileGrammar()
        let ksy = KaitaiExporter(grammar: g).render()
        let doc = try #require(try Yams.load(yaml: ksy) as? [String: Any])
        let types = try #require(doc["types"] as? [String: Any])
        let idPattern = try NSRegularExpression(pattern: "^[a-z][a-z0-9_]*$")
        func isID(_ s: String) -> Bool { idPattern.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil }
        for (name, value) in types {
            #expect(isID(name))
            for entry in ((value as? [String: Any])?["seq"] as? [[String: Any]]) ?? [] {
                #expect(isID(entry["id"] as? String ?? ""))
            }
        }
        // The hostile type names survive only inside doc strings, as data.
        let docs = types.values.compactMap { ($0 as? [String: Any])?["doc"] as? String }
        #expect(docs.contains { $0.contains("a\"b\nc") })
        #expect(Set(doc.keys) == ["meta", "doc", "seq", "types", "instances", "enums"])
    }

    @Test func hostileNamesCannotInjectIntoLua() throws {
        let (cap, g) = try Self.hostileGrammar()
        let lua = try WiresharkLuaExporter(grammar: g, name: cap.name, udpPorts: [4000], tcpPorts: []).render()
        for h in Self.hostile { #expect(!lua.contains(h)) }
        // Every generated string literal is on one line and holds only safe characters or \ddd escapes.
        let literal = try NSRegularExpression(pattern: "\"([^\"\\\\\\n]|\\\\[0-9]{3})*\"")
        // Outside string literals, no hostile text turns into code.
        let code = literal.stringByReplacingMatches(in: lua, range: NSRange(lua.startIndex..., in: lua), withTemplate: "\"\"")
        #expect(!code.contains("os.execute"))
        #expect(!code.contains("print(1)"))
        for line in lua.split(separator: "\n") where line.hasPrefix("F[") || line.hasPrefix("  {id=") {
            let s = String(line)
            let quotes = s.filter { $0 == "\"" }.count
            let matches = literal.numberOfMatches(in: s, range: NSRange(s.startIndex..., in: s))
            #expect(matches * 2 == quotes, "\(s)")
        }
        #expect(ExportNames.luaString("]]\n\"") == "\"\\093\\093\\010\\034\"")
        #expect(ExportNames.yamlString("a\"b\n") == "\"a\\\"b\\u000a\"")
    }

    // MARK: - tshark

    static var tshark: String? {
        for p in ["/usr/bin/tshark", "/usr/local/bin/tshark"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return nil
    }

    static func runTshark(lua: String, pcap: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tshark!)
        p.arguments = ["-X", "lua_script:\(lua)", "-r", pcap, "-T", "pdml"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The synthetic protocol in a pcap on UDP port 40123, read back, analysed, exported and dissected by tshark.
    static func agreement(hostileNames: Bool, typeNames: [String]? = nil) throws -> (TsharkAgreement.Outcome, Int, String) {
        let (payloads, types) = GrammarFixtures.payloads(count: 300)
        let frames = payloads.enumerated().map { i, p in CaptureBuilder.udpFrame(fromA: i % 2 == 0, p, clientPort: 50000, serverPort: 40123) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcapPath = dir.appendingPathComponent("synthetic.pcap").path
        try Data(CaptureBuilder.pcap(frames)).write(to: URL(fileURLWithPath: pcapPath))
        let cap = try CaptureReader.read(path: pcapPath)
        var g = GrammarLearner().learn(messages: cap.messages, discovery: GrammarFixtures.discovery(cap.messages, types))
        if hostileNames {
            for i in g.types.indices { g.types[i].name = hostile[i] }
        }
        if let typeNames {
            for i in g.types.indices where i < typeNames.count { g.types[i].name = typeNames[i] }
        }
        g = try GrammarEM().refine(g, messages: cap.messages.map(\.payload))
        let exporter = try WiresharkLuaExporter(grammar: g, capture: cap)
        #expect(exporter.udpPorts == [40123])
        let luaPath = dir.appendingPathComponent("d.lua").path
        try exporter.render().write(toFile: luaPath, atomically: true, encoding: .utf8)
        let pdml = try runTshark(lua: luaPath, pcap: pcapPath)
        let outcome = TsharkAgreement.compare(expected: TsharkAgreement.expected(exporter, messages: cap.messages),
                                              observed: TsharkAgreement.observed(pdml: pdml, protocolName: exporter.protocolName))
        return (outcome, cap.messages.count, pdml)
    }

    @Test(.enabled(if: tshark != nil, "tshark is not installed"))
    func tsharkLuaDissectorAgreesWithTheEngine() throws {
        let (outcome, n, _) = try Self.agreement(hostileNames: false)
        #expect(outcome.compared == n)
        #expect(outcome.rate >= 0.99, "differing frames \(outcome.disagreeingFrames)")
    }

    /// An analyst's type name labels the message in Wireshark while the type id
    /// stays the value to filter on, so renaming a type never breaks a saved display filter.
    @Test(.enabled(if: tshark != nil, "tshark is not installed"))
    func tsharkShowsTheAnalystsTypeNamesBesideTheIds() throws {
        let (outcome, n, pdml) = try Self.agreement(hostileNames: false, typeNames: ["Login request", "Status reply"])
        #expect(outcome.compared == n)
        #expect(outcome.rate >= 0.99)
        #expect(pdml.contains("qbitel_synthetic.type_name\" showname=\"Message type name: Login request\""))
        #expect(pdml.contains("qbitel_synthetic.type_name\" showname=\"Message type name: Status reply\""))
        // Unnamed types carry only their id.
        let unnamed = try Self.agreement(hostileNames: false).2
        #expect(!unnamed.contains("qbitel_synthetic.type_name"))
        #expect(unnamed.contains("qbitel_synthetic.type\" showname=\"Message type: T"))
    }

    @Test func pdmlReaderTakesFieldsRelativeToTheProtocol() {
        let pdml = """
        <packet>
          <proto name="frame" pos="0" size="50">
            <field name="frame.number" show="7" pos="0" size="50"/>
          </proto>
          <proto name="qbitel_x" showname="x" pos="42" size="8">
            <field name="qbitel_x.type" show="T2" pos="42" size="0"/>
            <field name="qbitel_x.t2.f0" show="1" pos="42" size="1"/>
            <field name="qbitel_x.t2.body" show="aa" pos="43" size="7"/>
          </proto>
        </packet>
        """
        let o = TsharkAgreement.observed(pdml: pdml, protocolName: "qbitel_x")
        #expect(o[7]?.type == "T2")
        #expect(o[7]?.fields == [.init(name: "qbitel_x.t2.f0", offset: 0, length: 1), .init(name: "qbitel_x.t2.body", offset: 1, length: 7)])
        let e: [Int: (type: String, fields: [TsharkAgreement.Placement])] = [7: ("T2", o[7]!.fields), 8: ("T1", [])]
        let c = TsharkAgreement.compare(expected: e, observed: o)
        #expect(c.compared == 2 && c.agreeing == 1 && c.disagreeingFrames == [8])
    }

    @Test func exporterAPIRefusesWithoutGrammarAndWritesFormats() async throws {
        let (cap, d) = GrammarFixtures.capture(count: 100)
        let r = await Orchestrator(discover: { _, _ in d }).run(cap)
        let json = try CaptureExporter.export(r, capture: cap, format: .json)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["grammar"] != nil && obj["validation"] != nil && obj["phases"] != nil)
        let msgs = try #require(obj["messages"] as? [[String: Any]])
        #expect(msgs.count == 100 && msgs[0]["frame"] as? Int == 1 && msgs[0]["type"] as? String == "T1")
        #expect(try CaptureExporter.export(r, capture: cap, format: .wireshark).contains("Proto(\"qbitel_synthetic\""))
        var failed = r
        failed.grammar = nil
        #expect(throws: QbitelError.self) { try CaptureExporter.export(failed, capture: cap, format: .kaitai) }
        #expect(throws: QbitelError.self) { try CaptureExporter.write("x", to: "/nonexistent-dir/x.lua") }
    }
}
