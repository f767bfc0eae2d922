import Foundation
@testable import QbitelStore

/// A fresh folder under the system temp dir, removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "qbitel-store-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// A new read-write workspace in this folder.
    func workspace(_ name: String = "workspace.sqlite") throws -> Workspace {
        try Workspace(path: file(name))
    }
}

func fileBytes(_ path: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: path) ?? Data())
}
