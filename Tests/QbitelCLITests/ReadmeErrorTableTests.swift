import Foundation
import Testing
import QbitelEngine

/// The README's error table is generated from the code; this fails when someone edits one without the other.
@Suite struct ReadmeErrorTableTests {
    @Test func readmeTableEqualsGeneratedTable() throws {
        let readme = try String(contentsOfFile: CLIRunner.repoRoot + "/README.md", encoding: .utf8)
        let table = ErrorTable.render(markdown: true)
        #expect(readme.contains(table), "regenerate with: qbitel errors --markdown (into README's section:errors)")
    }

    @Test func cliPrintsTheSameTable() throws {
        let r = try CLIRunner.run(["errors", "--markdown"], environment: CLIRunner.sandbox())
        #expect(r.status == 0)
        #expect(r.stdout == ErrorTable.render(markdown: true))
    }
}
