import Foundation
import Testing
@testable import QbitelTUI

/// The README's workbench section must list every key binding, so docs and the keymap cannot drift apart.
@Suite struct ReadmeKeysTests {
    @Test func readmeListsEveryBinding() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let a = readme.range(of: "<!-- section:workbench -->"), let b = readme.range(of: "<!-- /section:workbench -->") else {
            Issue.record("README has no workbench section")
            return
        }
        let section = String(readme[a.upperBound..<b.lowerBound])
        for binding in Keymap.standard.bindings {
            #expect(section.contains(binding.help), "README does not list '\(binding.help)'")
        }
        for c in WorkbenchCommands.commands { #expect(section.contains("`\(c.name)"), "README does not list :\(c.name)") }
    }
}
