import Foundation
import Testing

/// Runs the built `qbitel` binary on a bundled sample capture (skipped when the binary is not built).
@Suite struct DiscoverExportCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var binary: String? {
        let p = root.appendingPathComponent(".build/debug/qbitel").path
        return FileManager.default.isExecutableFile(atPath: p) ? p : nil
    }
    static let sample = root.appendingPathComponent("sample-captures/ntp.pcap").path

    static func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary!)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(.enabled(if: binary != nil, "qbitel is not built"))
    func discoverPrintsGrammarAndValidationSummary() throws {
        let r = try Self.run(["discover", Self.sample])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("grammar:"))
        #expect(r.out.contains("Message = "))
        #expect(r.out.contains("validation: STRICT:"))
        #expect(r.out.contains("phases: analysis"))
    }

    @Test(.enabled(if: binary != nil, "qbitel is not built"))
    func discoverJSONKeepsTheScoredKeysAndAddsSections() throws {
        let r = try Self.run(["discover", Self.sample, "--json"])
        #expect(r.status == 0, "\(r.err)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let msgs = try #require(doc["messages"] as? [[String: Any]])
        #expect(!msgs.isEmpty)
        #expect(msgs[0]["frame"] is Int && msgs[0]["type"] is String && msgs[0]["boundaries"] is [Int])
        let grammar = try #require(doc["grammar"] as? [String: Any])
        #expect(grammar["version"] as? Int == 1)
        #expect(doc["validation"] is [String: Any])
        let phases = try #require(doc["phases"] as? [String: Any])
        #expect(phases["completed"] as? [String] == ["analysis", "classification", "learning", "validation", "completion"])
        let typesOnly = try Self.run(["discover", Self.sample, "--json", "--types-only"])
        let doc2 = try #require(try JSONSerialization.jsonObject(with: Data(typesOnly.out.utf8)) as? [String: Any])
        #expect(doc2["grammar"] == nil)
    }

    @Test(.enabled(if: binary != nil, "qbitel is not built"))
    func exportWritesEachFormatAndRejectsBadRules() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (format, check) in [("json", "\"grammar\""), ("wireshark", "DissectorTable.get(\"udp.port\")"), ("kaitai", "meta:")] {
            let out = dir.appendingPathComponent("x.\(format)").path
            let r = try Self.run(["export", Self.sample, "--format", format, "-o", out])
            #expect(r.status == 0, "\(r.err)")
            #expect((try? String(contentsOfFile: out, encoding: .utf8))?.contains(check) == true)
        }
        let rules = dir.appendingPathComponent("bad.rules").path
        try "T1.f0 between 1 and 2\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let r = try Self.run(["discover", Self.sample, "--rules", rules])
        #expect(r.status != 0)
        #expect(r.err.contains("error 5007"))
    }
}
