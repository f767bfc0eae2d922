import Foundation
import QbitelStore
import Testing

/// `qbitel workspace list|show|export|import|prune|check` on a workspace filled by `qbitel discover`, with the
/// annotations the workbench writes (a name, a split, a merge) put in through the store.
@Suite struct WorkspaceCommandTests {
    @Test func everySubcommandOnARealRunWithMergesAndSplits() throws {
        let env = CLIRunner.sandbox()
        let home = env["HOME"]!
        let ws = home + "/w.sqlite"
        let capture = CLIRunner.repoRoot + "/sample-captures/ntp.pcap"
        let discover = try CLIRunner.run(["discover", "--json", "--workspace", ws, capture], environment: env)
        #expect(discover.status == 0, "\(discover.stderr)")

        let list = try CLIRunner.run(["workspace", "list", "--workspace", ws], environment: env)
        #expect(list.status == 0)
        #expect(list.stdout.contains("ntp.pcap"))

        let (first, second): (String, String) = try {
            let w = try Workspace(path: ws)
            let c = try w.findCapture("ntp.pcap")
            let run = try #require(try w.runs(captureSHA256: c.sha256).first)
            let types = try w.types(runID: run.id)
            try #require(types.count >= 2)
            try w.annotate(captureSHA256: c.sha256, target: .type(types[0]),
                           change: AnnotationChange(name: "Clock request", splitOffset: 1))
            try w.annotate(captureSHA256: c.sha256, target: .type(types[1]),
                           change: AnnotationChange(mergeInto: .some(AnnotationTarget.type(types[0]).typeReference)))
            return (types[0].typeID, types[1].typeID)
        }()

        let show = try CLIRunner.run(["workspace", "show", "ntp.pcap", "--workspace", ws], environment: env)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("type of \(first): name 'Clock request', split by the byte at 1"), "\(show.stdout)")
        #expect(show.stdout.contains("type of \(second): merged into \(first)"), "\(show.stdout)")
        let showJSON = try CLIRunner.run(["workspace", "show", "ntp.pcap", "--json", "--workspace", ws], environment: env)
        let doc = try #require(JSONSerialization.jsonObject(with: Data(showJSON.stdout.utf8)) as? [String: Any])
        let annotations = try #require(doc["annotations"] as? [[String: Any]])
        #expect(annotations.count == 2)
        #expect(annotations.contains { $0["splitOffset"] as? Int == 1 })
        #expect(annotations.contains { $0["mergeInto"] != nil })

        // Export, import into an empty workspace: the same runs and annotations.
        let file = home + "/ntp.qbitel.json"
        let export = try CLIRunner.run(["workspace", "export", "ntp.pcap", "-o", file, "--workspace", ws], environment: env)
        #expect(export.status == 0, "\(export.stderr)")
        let other = home + "/other.sqlite"
        let imported = try CLIRunner.run(["workspace", "import", file, "--workspace", other], environment: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        let showOther = try CLIRunner.run(["workspace", "show", "ntp.pcap", "--workspace", other], environment: env)
        #expect(showOther.stdout.contains("merged into \(first)"), "\(showOther.stdout)")
        #expect(showOther.stdout.contains("split by the byte at 1"))

        // Prune keeps the capture's newest run and everything an analyst made; check passes on both files.
        let prune = try CLIRunner.run(["workspace", "prune", "--older-than", "0s", "--workspace", ws], environment: env)
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(prune.stdout.hasPrefix("removed 0 runs, 0 captures"), "\(prune.stdout)")
        for path in [ws, other] {
            let check = try CLIRunner.run(["workspace", "check", "--workspace", path], environment: env)
            #expect(check.status == 0, "\(check.stdout)")
            #expect(check.stdout.hasSuffix("ok\n"))
        }
    }
}
