import Foundation
import Testing
@testable import QbitelEngine

@Suite struct MessageFolderReaderTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    func makeFolder(_ files: [String: [UInt8]]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-folder-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, bytes) in files {
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        return dir
    }

    @Test func readsOneMessagePerFileSortedByName() throws {
        let dir = try makeFolder(["msg-010.bin": [3, 3], "msg-002.bin": [2], "msg-001.bin": [1, 1, 1],
                                  ".hidden": [9], "empty.bin": []])
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cap = try CaptureReader.read(path: dir)
        #expect(cap.format == .folder)
        #expect(cap.messages.map { $0.payload.array } == [[1, 1, 1], [2], [3, 3]])
        #expect(cap.frameCount == 3)
        #expect(cap.warnings.count == 1)
        #expect(cap.warnings.first?.message.contains("empty.bin") == true)
        #expect(cap.byteCount == 6)
    }

    @Test func emptyFolderIsError1019() throws {
        let dir = try makeFolder([".keep": [1]])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let e = try #require(throws: QbitelError.self) { try CaptureReader.read(path: dir) }
        #expect(e.code == .noMessages)
        #expect(e.message.contains(dir))
    }

    @Test func missingPathIsError1001() throws {
        let e = try #require(throws: QbitelError.self) {
            try CaptureReader.read(path: "/nonexistent/qbitel/\(UUID().uuidString)")
        }
        #expect(e.code == .fileNotFound)
    }

    /// Root reads every folder whatever its mode, so this can only be checked as another user.
    @Test(.enabled(if: getuid() != 0)) func unreadableFolderIsError1003() throws {
        let dir = try makeFolder(["a": [1]])
        defer { chmod(dir, 0o755); try? FileManager.default.removeItem(atPath: dir) }
        chmod(dir, 0)
        let e = try #require(throws: QbitelError.self) { try CaptureReader.read(path: dir) }
        #expect(e.code == .fileUnreadable)
    }
}
