import Foundation
import QbitelEngine
import Synchronization
@testable import QbitelCopilot

/// The loopback Ollama of the tests: `Fixtures/fake_ollama.py` started as a subprocess on a free port.
/// It exits when its stdin closes, so it never outlives the test process.
final class FakeOllamaServer: Sendable {
    let port: Int
    private let process: Process
    private let stdin: Pipe

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, process: Process, stdin: Pipe) {
        self.port = port
        self.process = process
        self.stdin = stdin
    }

    /// Starts the server and waits for its port line on a thread of its own (never blocking the test's executor).
    static func start(environment: [String: String] = [:]) async throws -> FakeOllamaServer {
        try await withCheckedThrowingContinuation { (k: CheckedContinuation<FakeOllamaServer, Error>) in
            let thread = Thread {
                do {
                    k.resume(returning: try launch(environment: environment))
                } catch {
                    k.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    private static func launch(environment: [String: String]) throws -> FakeOllamaServer {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fake_ollama.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "0"]
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        try process.run()
        var line = Data()
        while !line.contains(0x0A) {
            let d = out.fileHandleForReading.availableData
            if d.isEmpty { break }
            line.append(d)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw QbitelTestError.serverDidNotStart
        }
        return FakeOllamaServer(port: port, process: process, stdin: input)
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
    }

    /// The POST requests the server received: path, body and the x-api-key header.
    func requests() async throws -> [(path: String, body: String, apiKey: String?)] {
        let (head, data) = try await StreamingTransfer.fetch(client: HTTPClient(), request: HTTPRequest(method: .get, url: baseURL + "/_log"))
        guard head.isSuccess, let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = obj["requests"] as? [[String: Any]] else { throw QbitelTestError.badLog }
        return list.map { ($0["path"] as? String ?? "", $0["body"] as? String ?? "", $0["api_key"] as? String) }
    }

    /// The POST requests whose body contains `marker`.
    func requests(containing marker: String) async throws -> [(path: String, body: String, apiKey: String?)] {
        try await requests().filter { $0.body.contains(marker) }
    }

    /// A loopback port with nothing listening: connecting to it is refused at once.
    static func deadPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

enum QbitelTestError: Error { case serverDidNotStart, badLog }

/// One server for the whole test run: starting a Python process per test costs more than the tests themselves.
/// Tests tell their requests apart by a unique marker in the question.
enum SharedServer {
    static let task = Task { try await FakeOllamaServer.start() }
}

func sharedServer() async throws -> FakeOllamaServer { try await SharedServer.task.value }

func uniqueMarker() -> String { "m" + UUID().uuidString.prefix(8).lowercased() }

/// A clock the tests move by hand; `sleep` records the wait and advances time at once.
final class ManualClock: CopilotClock {
    private let state = Mutex<(now: Double, sleeps: [Double])>((1000, []))

    func now() -> Double { state.withLock { $0.now } }

    func sleep(seconds: Double) async throws {
        state.withLock {
            $0.sleeps.append(seconds)
            $0.now += seconds
        }
    }

    func advance(_ seconds: Double) { state.withLock { $0.now += seconds } }

    var sleeps: [Double] { state.withLock { $0.sleeps } }
}

/// Collects the whole answer of a copilot stream.
func collect(_ stream: AsyncThrowingStream<CopilotEvent, Error>) async throws -> (text: String, answer: CopilotAnswer?) {
    var text = ""
    var answer: CopilotAnswer?
    for try await event in stream {
        switch event {
        case .delta(let s): text += s
        case .finished(let a): answer = a
        }
    }
    return (text, answer)
}

/// Collects a provider stream.
func collect(_ stream: AsyncThrowingStream<ChatEvent, Error>) async throws -> (text: String, stats: ChatStats?) {
    var text = ""
    var stats: ChatStats?
    for try await event in stream {
        switch event {
        case .delta(let s): text += s
        case .done(let s): stats = s
        }
    }
    return (text, stats)
}

/// The error code a throwing async body ended with, nil when it did not throw.
func errorCode(_ body: () async throws -> Void) async -> Int? {
    do {
        try await body()
        return nil
    } catch let e as QbitelError {
        return e.code.rawValue
    } catch {
        return -1
    }
}

func testTimeouts(firstByte: Double = 5, idle: Double = 5) -> HTTPTimeouts {
    HTTPTimeouts(connect: 2, firstByte: firstByte, idle: idle, total: 20)
}
