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

    @Test func timestampsAreRFC3339UTCWithMilliseconds() {
        #expect(JSONLogHandler.timestamp(seconds: 0, milliseconds: 5) == "1970-01-01T00:00:00.005Z")
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for s in [951_782_400, 1_795_000_123, 4_102_444_799] {
            #expect(JSONLogHandler.timestamp(seconds: s, milliseconds: 987) == f.string(from: Date(timeIntervalSince1970: Double(s) + 0.987)))
        }
        let now = JSONLogHandler.timestamp()
        let parsed = f.date(from: now)
        #expect(parsed != nil)
        #expect(abs((parsed ?? .distantPast).timeIntervalSinceNow) < 5)
    }

    @Test func linesEscapeTextAndKeepNestedMetadata() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = try LogFile(path: dir + "/q.log")
        let logger = Logger(label: "t\"x") { JSONLogHandler(label: $0, file: file, level: .info) }
        logger.error("quote \" backslash \\ newline \n tab \t bell \u{07} é", metadata: [
            "list": ["a", "b\"c"], "map": ["z": "1", "a": ["n": "2"]], "level": "overridden",
        ])
        file.flush()
        let text = try String(contentsOfFile: dir + "/q.log", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 1)
        let obj = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(obj["msg"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} é")
        #expect(obj["label"] as? String == "t\"x")
        #expect(obj["level"] as? String == "error")
        #expect(obj["list"] as? [String] == ["a", "b\"c"])
        let map = try #require(obj["map"] as? [String: Any])
        #expect(map["z"] as? String == "1")
        #expect((map["a"] as? [String: String]) == ["n": "2"])
        // Keys are sorted, so lines diff well.
        #expect(lines[0].hasPrefix("{\"label\":"))
        #expect(lines[0].range(of: "\"label\"")!.lowerBound < lines[0].range(of: "\"level\"")!.lowerBound)
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
