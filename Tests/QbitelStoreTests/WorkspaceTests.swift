import Foundation
import Testing
@testable import QbitelStore

@Suite struct WorkspaceTests {
    @Test func opensAFreshWorkspace() throws {
        let path = NSTemporaryDirectory() + "ws-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ws = try Workspace(path: path)
        #expect(try ws.sqliteVersion().hasPrefix("3."))
    }
}
