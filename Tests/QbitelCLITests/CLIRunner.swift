import Foundation

/// Runs the `qbitel` binary built next to this test bundle, with its own environment, and collects the result.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary in the same build folder as the running test bundle (debug or release alike).
    static var binary: String {
        let exe = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // On Linux the test bundle is `<build>/…PackageTests.xctest`; look beside it and one level up.
        for _ in 0..<2 {
            let candidate = dir.appendingPathComponent("qbitel").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return exe.deletingLastPathComponent().appendingPathComponent("qbitel").path
    }

    /// The repository root, for sample captures and themes.
    static var repoRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// A fresh temporary folder used as HOME and every XDG directory, so tests never touch the user's files.
    static func sandbox() -> [String: String] {
        let dir = NSTemporaryDirectory() + "qbitel-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return ["HOME": dir, "XDG_DATA_HOME": dir + "/data", "XDG_CONFIG_HOME": dir + "/config",
                "XDG_STATE_HOME": dir + "/state", "PATH": "/usr/bin:/bin", "TERM": "dumb", "LANG": "C.UTF-8",
                "QBITEL_OLLAMA_URL": "http://127.0.0.1:9"]
    }

    /// Starts the binary; the caller waits or signals it.
    static func start(_ args: [String], environment: [String: String], cwd: String? = nil) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.environment = environment
        p.currentDirectoryURL = URL(fileURLWithPath: cwd ?? repoRoot)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return (p, out, err)
    }

    static func run(_ args: [String], environment: [String: String], cwd: String? = nil) throws -> Result {
        let (p, out, err) = try start(args, environment: environment, cwd: cwd)
        // Read before waiting so a large output cannot fill the pipe and stall the child.
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }
}
