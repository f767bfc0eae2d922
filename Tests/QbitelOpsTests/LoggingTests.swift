import Foundation
import Logging
import Testing
@testable import QbitelOps

@Suite struct LoggingTests {
    func tempDir() -> String {
        let d = NSTemporaryDirectory() + "qlog-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }

    @Test func writesOneJSONObjectPerLineWithCorrelationID() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try LogFile(path: dir + "/q.log")
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, file: file, level: .debug) }
        logger[metadataKey: "correlation_id"] = "abc123"
        logger.info("discovery started", metadata: ["messages": "42"])
        logger.debug("phase done")
        logger.trace("not written")
        file.flush()
        let lines = try String(contentsOfFile: dir + "/q.log", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for l in lines {
            let obj = try #require(JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
            #expect(obj["correlation_id"] as? String == "abc123")
            #expect(obj["ts"] is String)
        }
        let first = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["msg"] as? String == "discovery started")
        #expect(first["messages"] as? String == "42")
        #expect(first["level"] as? String == "info")
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/q.log")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func rotatesBySize() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try LogFile(path: dir + "/q.log", maxBytes: 200, keep: 2)
        for i in 0..<40 { file.write(line: "line \(i) " + String(repeating: "x", count: 20)) }
        file.flush()
        let fm = FileManager.default
        #expect(fm.fileExists(atPath: dir + "/q.log.1"))
        #expect(fm.fileExists(atPath: dir + "/q.log.2"))
        #expect(!fm.fileExists(atPath: dir + "/q.log.3"))
        let size = try #require(fm.attributesOfItem(atPath: dir + "/q.log")[.size] as? Int)
        #expect(size <= 200)
        let last = try String(contentsOfFile: dir + "/q.log", encoding: .utf8)
        #expect(last.contains("line 39"))
    }

    @Test func levelsAndPaths() {
        #expect(LogSetup.level("warn") == .warning)
        #expect(LogSetup.level("DEBUG") == .debug)
        #expect(LogSetup.level("loud") == nil)
        #expect(LogSetup.defaultPath(environment: ["XDG_STATE_HOME": "/s"]) == "/s/qbitel/qbitel.log")
        #expect(LogSetup.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/qbitel/qbitel.log")
    }
}
