import Foundation
import GRDB
import QbitelEngine
import Testing
@testable import QbitelStore

/// Kills a process that is saving runs with SIGKILL at random moments and checks the workspace after every kill.
@Suite struct CrashSafetyTests {
    static let kills = 50

    /// The helper binary sits next to the test bundle in the build folder.
    static func writerBinary() -> String? {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        candidates += [root + "/.build/debug", root + "/.build/release"]
        return candidates.map { $0 + "/qbitel-store-crash-writer" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func everyCommittedRunSurvivesSIGKILL() throws {
        let binary = try #require(Self.writerBinary(), "qbitel-store-crash-writer is built with the tests")
        let dir = TemporaryFolder()
        let path = dir.file("crash.sqlite")
        _ = try Workspace(path: path)  // created and migrated once, so kills land in run writes
        var committed: [(run: Int64, seed: UInt64, count: Int)] = []
        var nextSeed: UInt64 = 1
        var generator = SystemRandomNumberGenerator()
        for round in 0..<Self.kills {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [path, String(nextSeed)]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Random moments: every fifth round while the writer is still opening the file; the others after its
            // first commit, somewhere inside a later save (waiting for a commit keeps this meaningful on a busy machine).
            var text = ""
            if round % 5 == 0 {
                usleep(UInt32.random(in: 0...30_000, using: &generator))
            } else {
                while !text.contains("\n") {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                usleep(UInt32.random(in: 0...40_000, using: &generator))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the writer exited by itself")
            text += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: " ")
                // A torn last line (killed mid-print) is not a report.
                guard parts.count == 4, parts[0] == "committed", let run = Int64(parts[1]), let seed = UInt64(parts[2]),
                      let count = Int(parts[3]) else { continue }
                committed.append((run, seed, count))
                nextSeed = max(nextSeed, seed + 1)
            }

            let ws = try Workspace(path: path)
            #expect(try ws.check().integrity == ["ok"], "round \(round)")
            #expect(try ws.check().foreignKeyViolations.isEmpty, "round \(round)")
            // Every run reported so far is present and whole; check the newest in full, the rest by counts.
            let stored = try ws.pool.read { db in
                try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                    SELECT r.id, r.messageCount, (SELECT coalesce(sum(p.messageCount), 0) FROM message_page p WHERE p.runId = r.id) AS paged
                    FROM run r
                    """).map { (row: Row) -> (Int64, (Int, Int)) in (row["id"], (row["messageCount"], row["paged"])) })
            }
            for c in committed {
                let s = try #require(stored[c.run], "round \(round): committed run \(c.run) is missing")
                #expect(s.0 == c.count && s.1 == c.count, "round \(round): run \(c.run) is not whole")
            }
            if let last = committed.last {
                let expected = SyntheticDiscovery.result(seed: last.seed, messageCount: last.count, typeCount: Int(last.seed % 5) + 1)
                #expect(try ws.result(runID: last.run) == expected, "round \(round)")
            }
            // A run that was being written at the kill either committed whole or left nothing.
            for (id, s) in stored { #expect(s.0 == s.1, "round \(round): run \(id) is torn") }
            try ws.close()
        }
        #expect(committed.count >= Self.kills * 4 / 5, "the writer committed too few runs to prove anything")
    }
}
