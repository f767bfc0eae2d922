import Foundation
import QbitelEngine
import QbitelStore
import Testing

/// `qbitel export` reads the capture's saved run from the workspace, with its newest grammar version and the
/// analysts' names, instead of running discovery again.
@Suite struct ExportFromWorkspaceTests {
    static let sample = CLIRunner.repoRoot + "/sample-captures/ntp.pcap"
    static var built: Bool { FileManager.default.isExecutableFile(atPath: CLIRunner.binary) }
    static var tshark: String? {
        ["/usr/bin/tshark", "/usr/local/bin/tshark"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test(.enabled(if: built, "qbitel is not built"))
    func exportUsesTheSavedRunLatestGrammarAndSanitisedRenames() throws {
        let env = CLIRunner.sandbox()
        let dir = env["HOME"]!
        let ws = dir + "/ws.sqlite"
        let d = try CLIRunner.run(["discover", Self.sample, "--workspace", ws], environment: env)
        #expect(d.status == 0, "\(d.stderr)")

        // An analyst's edits: a hostile field name, a type name, and a newer grammar version.
        let cap = try CaptureReader.read(path: Self.sample)
        let hash = CaptureContentHash.compute(cap)
        let hostile = "x\"); os.exit(1) --\n]]"
        do {
            let workspace = try Workspace(path: ws)
            let run = try #require(try workspace.latestRun(captureSHA256: hash, completeOnly: true))
            let types = try workspace.types(runID: run.id)
            let type = try #require(types.first { !$0.info.fields.isEmpty })
            let field = type.info.fields[0]
            try workspace.annotate(captureSHA256: hash, target: .field(type, offset: field.offset), change: AnnotationChange(name: hostile))
            try workspace.annotate(captureSHA256: hash, target: .type(type), change: AnnotationChange(name: "Clock Reply"))
            let latest = try #require(try workspace.latestGrammar(captureSHA256: hash))
            var g = try Grammar.decode(Data(latest.json.utf8))
            g.captureName = "edited-grammar-version"
            try workspace.saveGrammar(captureSHA256: hash, json: String(decoding: try g.jsonData(), as: UTF8.self), author: "analyst",
                                      parentVersion: latest.version)
        }

        let lua = dir + "/out.lua"
        let e = try CLIRunner.run(["export", Self.sample, "--format", "wireshark", "-o", lua, "--workspace", ws], environment: env)
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stderr.contains("exporting from the workspace run"))
        #expect(e.stderr.contains("grammar version 2"))
        #expect(e.stderr.contains("analyst names"))
        let text = try String(contentsOfFile: lua, encoding: .utf8)
        #expect(text.contains("edited-grammar-version"))
        #expect(!text.contains("os.exit(1)"))
        #expect(text.contains("x_os_exit_1"))
        if let tshark = Self.tshark {
            // The dissector with the renamed field still loads and dissects.
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tshark)
            p.arguments = ["-X", "lua_script:\(lua)", "-r", Self.sample, "-T", "fields", "-e", "frame.number"]
            p.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            p.standardError = err
            try p.run()
            let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            #expect(!errText.lowercased().contains("lua"), "\(errText)")
        }

        let json = try CLIRunner.run(["export", Self.sample, "--format", "json", "--workspace", ws], environment: env)
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let grammar = try #require(doc["grammar"] as? [String: Any])
        #expect(grammar["captureName"] as? String == "edited-grammar-version")
        #expect(json.stdout.contains("Clock Reply"))

        // --no-cache recomputes: neither the edited version nor the names.
        let fresh = try CLIRunner.run(["export", Self.sample, "--format", "kaitai", "--no-cache", "--workspace", ws], environment: env)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(!fresh.stdout.contains("edited-grammar-version"))
        #expect(!fresh.stderr.contains("exporting from"))
    }

    @Test(.enabled(if: built, "qbitel is not built"))
    func exportWithoutASavedRunRunsDiscoveryAndSavesIt() throws {
        let env = CLIRunner.sandbox()
        let ws = env["HOME"]! + "/ws.sqlite"
        let first = try CLIRunner.run(["export", Self.sample, "--format", "kaitai", "--workspace", ws], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("exporting from the new run"))
        #expect(first.stdout.contains("meta:"))
        let second = try CLIRunner.run(["export", Self.sample, "--format", "kaitai", "--workspace", ws], environment: env)
        #expect(second.stderr.contains("exporting from the workspace run"))
        #expect(second.stdout == first.stdout)
    }
}
