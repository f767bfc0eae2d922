import Foundation
import QbitelCopilot
import QbitelEngine
import QbitelStore
import QbitelTUI

/// `qbitel-bench render`: the workbench's drawing cost.
///
/// - Time to render a full 240×70 frame of each layout (all panes, each pane zoomed, help overlay, trainer) into the
///   cell grid, on 200,000 messages with inferred fields (goal ≤ 2 ms).
/// - Bytes real ncurses writes per keystroke when scrolling the hex view (xterm-256color into a file).
/// - Opening a large capture (1 GB by default, `QBITEL_RENDER_OPEN_MB`): time to the first screen (drawn before the
///   capture is read, as the workbench does) and time until the message list shows the capture's messages.
/// - Input latency (p50/p99/max, goal ≤ 50 ms) from key to rendered frame through the real session path while a
///   discovery (`QBITEL_LATENCY_CAPTURE_MB`, default 24) and a streamed copilot answer run.
let renderBenchmark = Benchmark(name: "render") { ctx in
    var rows: [BenchRow] = []
    let width = 240, height = 70
    let capture = RenderBenchData.capture(messages: 200_000)
    let discovery = RenderBenchData.discovery(capture)
    var state = WorkbenchState(captureName: capture.name, width: width, height: height)
    _ = WorkbenchReducer.reduce(&state, .captureLoaded(capture))
    _ = WorkbenchReducer.reduce(&state, .discoveryFinished(discovery))
    // The second message (1,400 bytes), hex pane focused, cursor a few bytes in.
    for k in [Key.char("j"), .char("2"), .right, .right, .right] { _ = WorkbenchReducer.reduce(&state, .key(k)) }
    state.expanded.insert("T1")
    let renderer = WorkbenchRenderer(theme: Theme.dark.resolved(for: .full256))

    // Thread CPU time, median of runs of 50 frames: on a shared, loaded machine wall time measures the neighbours.
    func cpuMedianMS(_ body: () -> Void) -> Double {
        var samples: [Double] = []
        for _ in 0..<max(ctx.runs, 1) {
            let a = RenderBenchData.threadCPUSeconds()
            for _ in 0..<50 { body() }
            samples.append((RenderBenchData.threadCPUSeconds() - a) / 50 * 1000)
        }
        return median(samples)
    }
    func frameMS(_ s: WorkbenchState) -> Double {
        var grid = renderer.render(s)
        return cpuMedianMS { renderer.render(s, into: &grid) }
    }
    var layouts: [(String, WorkbenchState)] = [("all panes", state)]
    for p in Pane.allCases {
        var z = state
        _ = WorkbenchReducer.reduce(&z, .key(.char(Character(String(p.rawValue + 1)))))
        _ = WorkbenchReducer.reduce(&z, .key(.char("z")))
        layouts.append(("\(p.title.lowercased()) zoomed", z))
    }
    var help = state
    _ = WorkbenchReducer.reduce(&help, .key(.char("?")))
    layouts.append(("help overlay", help))
    for (name, s) in layouts {
        let ms = frameMS(s)
        rows.append(BenchRow(metric: "frame 240×70, \(name) (CPU)", value: ms, unit: "ms", goal: "≤ 2 ms", pass: ms <= 2))
    }
    var trainer = TrainerState(captureName: capture.name, width: width, height: height, typeID: "T1", autoSeconds: nil)
    trainer.handle(.captureLoaded(capture))
    trainer.handle(.discoveryFinished(discovery))
    let tv = TrainerView(theme: Theme.dark.resolved(for: .full256))
    let trainerMS = cpuMedianMS { _ = tv.render(trainer) }
    rows.append(BenchRow(metric: "frame 240×70, trainer step (CPU)", value: trainerMS, unit: "ms", goal: "≤ 2 ms", pass: trainerMS <= 2))

    // Bytes per keystroke through real ncurses.
    rows += try RenderBenchData.bytesPerKeystroke(state: state, renderer: renderer)

    // Opening a big capture.
    rows += try RenderBenchData.openLargeCapture(renderer: renderer)

    // Input latency while discovery and a copilot stream both run.
    rows += try InputLatencyBench.run()
    return rows
}

/// Data and measurements for the render benchmark.
enum RenderBenchData {
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Alternating request/response messages of 24 and 1400 bytes.
    static func capture(messages n: Int) -> Capture {
        let flow = FlowKey(transport: .udp, clientAddress: IPAddress([10, 1, 0, 1]), clientPort: 40000,
                           serverAddress: IPAddress([10, 1, 0, 2]), serverPort: 9000)
        var bytes: [UInt8] = []
        var spans: [(Int, Int)] = []
        for i in 0..<n {
            let len = i % 2 == 0 ? 24 : 1400
            spans.append((bytes.count, len))
            for k in 0..<len { bytes.append(UInt8(truncatingIfNeeded: i &* 31 &+ k &* 7)) }
        }
        let storage = ByteStorage(bytes)
        let msgs = spans.enumerated().map { i, s in
            Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: 1_700_000_000 + Int64(i / 100), nanoseconds: UInt32(i % 100) * 10_000_000),
                    flow: flow, flowIndex: 0, direction: i % 2 == 0 ? .clientToServer : .serverToClient,
                    payload: ByteSlice(storage: storage, start: s.0, count: s.1))
        }
        return Capture(name: "render-bench", format: .bytes, frameCount: n, linkTypes: [], messages: msgs,
                       flows: [FlowSummary(key: flow)], warnings: [], firstTimestamp: msgs.first?.timestamp,
                       lastTimestamp: msgs.last?.timestamp, byteCount: bytes.count)
    }

    static func discovery(_ c: Capture) -> DiscoveryResult {
        func layout(_ len: Int) -> [InferredField] {
            var f: [InferredField] = []
            var o = 0
            let kinds: [FieldKind] = [.constant, .length, .counter, .id, .timestamp, .flags, .integer, .bytes]
            var k = 0
            while o < len {
                let l = min(len - o, [1, 2, 4, 4, 4, 1, 2, 6][k % 8])
                f.append(InferredField(offset: o, length: l, kind: kinds[k % 8], confidence: 0.8, note: "detector note \(k)"))
                o += l
                k += 1
            }
            return f
        }
        let a = layout(24), b = layout(1400)
        let infs = c.messages.map { m in
            let f = m.length == 24 ? a : b
            return MessageInference(messageIndex: m.index, frame: m.frame, typeID: m.length == 24 ? "T1" : "T2",
                                    boundaries: [0] + f.map(\.end), boundaryConfidence: [], fields: f)
        }
        return DiscoveryResult(captureName: c.name, messages: infs, types: [
            MessageTypeInfo(id: "T1", count: c.messages.count / 2, confidence: 0.9, rule: "length 24", fields: a),
            MessageTypeInfo(id: "T2", count: c.messages.count - c.messages.count / 2, confidence: 0.9, rule: "length 1400", fields: b),
        ])
    }

    /// Renders, then presents through ncurses (xterm-256color into a temp file), keystroke after keystroke.
    static func bytesPerKeystroke(state: WorkbenchState, renderer: WorkbenchRenderer) throws -> [BenchRow] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-render-\(getpid()).out").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let out = fopen(path, "w+"), let inp = fopen("/dev/null", "r") else {
            throw QbitelError(.ioError, "cannot open \(path)")
        }
        defer { fclose(out); fclose(inp) }
        let screen = try NCursesScreen(terminalType: "xterm-256color", output: out, input: inp, width: state.width,
                                       height: state.height)
        defer { screen.close() }
        var s = state
        var grid = renderer.render(s)
        screen.present(grid)
        fflush(out)
        var rows: [BenchRow] = []
        for (name, key) in [("hex cursor → (one byte)", Key.right), ("hex cursor ↓ (one row)", .down),
                            ("message list ↓ (next message)", .down)] {
            if name.hasPrefix("message") { _ = WorkbenchReducer.reduce(&s, .key(.char("1"))) }
            // Settle after the focus change.
            renderer.render(s, into: &grid)
            screen.present(grid)
            fflush(out)
            let start = ftell(out)
            let presses = 40
            for _ in 0..<presses {
                _ = WorkbenchReducer.reduce(&s, .key(key))
                renderer.render(s, into: &grid)
                screen.present(grid)
            }
            fflush(out)
            let perKey = Double(ftell(out) - start) / Double(presses)
            rows.append(BenchRow(metric: "bytes written per keystroke, \(name)", value: perKey, unit: "bytes",
                                 goal: nil, pass: nil, reference: "full 240×70 frame ≈ \(fullFrameBytes(out, screen, grid)) bytes"))
        }
        return rows
    }

    static func fullFrameBytes(_ out: UnsafeMutablePointer<FILE>, _ screen: NCursesScreen, _ grid: CellGrid) -> Int {
        fflush(out)
        let a = ftell(out)
        screen.invalidate()
        screen.present(grid)
        fflush(out)
        return ftell(out) - a
    }

    static func openLargeCapture(renderer: WorkbenchRenderer) throws -> [BenchRow] {
        let mb = Int(ProcessInfo.processInfo.environment["QBITEL_RENDER_OPEN_MB"] ?? "") ?? 1024
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-render-open-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/big.pcap"
        try SyntheticCaptureWriter.write(pcap: path, pcapng: nil, megabytes: mb, tcpShare: 0.3, seed: 7)
        let size = Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576
        let t0 = DispatchTime.now().uptimeNanoseconds
        // What the workbench does first: draw the loading screen, then read in the background.
        let first = WorkbenchState(captureName: "big.pcap", width: 240, height: 70)
        _ = renderer.render(first)
        let firstScreen = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        let capture = try CaptureReader.read(path: path)
        var s = first
        _ = WorkbenchReducer.reduce(&s, .captureLoaded(capture))
        _ = renderer.render(s)
        let listed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        return [
            BenchRow(metric: "open \(Int(size)) MB capture: first screen drawn", value: firstScreen, unit: "ms",
                     goal: "≤ 1000 ms", pass: firstScreen <= 1000),
            BenchRow(metric: "open \(Int(size)) MB capture: message list shown (\(capture.messages.count) messages)",
                     value: listed, unit: "ms", goal: "≤ 1000 ms", pass: listed <= 1000,
                     reference: "whole capture read before the list shows; no lazy index yet"),
        ]
    }
}

/// Input latency under load: the real session path (events into the mailbox → reducer → render into the cell grid)
/// on a UI thread of its own, while discovery of a sizeable capture runs in the background and a loopback server
/// speaking Ollama's API streams an answer. Latency is wall time from posting a key to the end of the frame that
/// shows it (wall time, since waiting for the CPU is what an analyst feels).
enum InputLatencyBench {
    static func run() throws -> [BenchRow] {
        let mb = Int(ProcessInfo.processInfo.environment["QBITEL_LATENCY_CAPTURE_MB"] ?? "") ?? 24
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qbitel-latency-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/load.pcap"
        try SyntheticCaptureWriter.write(pcap: path, pcapng: nil, megabytes: mb, tcpShare: 0.3, seed: 11)
        let server = try LoopbackOllama(chunks: 1500, intervalMicroseconds: 4000)
        server.start()
        defer { server.stop() }
        var config = CopilotConfiguration()
        config.ollamaURL = "http://127.0.0.1:\(server.port)"
        config.model = "bench"
        let workspace = try Workspace(path: dir + "/workspace.sqlite")
        let mailbox = try EventMailbox<WorkbenchEvent>()

        // What the UI thread reports back: per key, latency and what ran at that moment.
        struct Sample { var ms: Double; var discovering: Bool; var streaming: Bool }
        let posted = LockedBox<[UInt64]>([])
        let samples = LockedBox<[Sample]>([])
        let status = LockedBox<(loaded: Bool, streaming: Bool, discovering: Bool)>((false, false, false))
        let stop = LockedBox(false)
        let copilotConfig = config
        let ui = Thread {
            // The session lives on its UI thread, as in the workbench.
            let session = WorkbenchSession(captureName: "load.pcap", width: 240, height: 70,
                                           theme: Theme.dark.resolved(for: .full256), mailbox: mailbox,
                                           workspace: .some(workspace), copilot: .some(copilotConfig))
            session.start(capturePath: path)
            var seen = 0
            while !stop.get() {
                let events = session.processPending(timeoutMS: 20)
                let now = DispatchTime.now().uptimeNanoseconds
                let s = session.state
                let discovering: Bool
                if case .running = s.phase { discovering = true } else { discovering = false }
                let streaming = s.copilot.streaming != nil
                status.set((s.capture != nil, streaming, discovering))
                let keys = events.filter { if case .key = $0 { return true } else { return false } }.count
                guard keys > 0 else { continue }
                let times = posted.get()
                var out: [Sample] = []
                for k in seen..<min(seen + keys, times.count) {
                    out.append(Sample(ms: Double(now - times[k]) / 1e6, discovering: discovering, streaming: streaming))
                }
                seen += keys
                samples.modify { $0 += out }
            }
            session.cancel()
        }
        ui.stackSize = 8 << 20
        ui.start()
        func press(_ k: Key) {
            posted.modify { $0.append(DispatchTime.now().uptimeNanoseconds) }
            mailbox.post(.key(k))
        }
        func wait(_ what: String, _ cond: () -> Bool) throws {
            let deadline = DispatchTime.now().uptimeNanoseconds + 120_000_000_000
            while !cond() {
                if DispatchTime.now().uptimeNanoseconds > deadline { throw QbitelError(.internalError, "latency bench: \(what) never happened") }
                usleep(2000)
            }
        }
        defer { stop.set(true) }
        try wait("capture loaded") { status.get().loaded }
        usleep(300_000)   // the copilot probe answers in the meantime
        // Ask the copilot (focus it, write, Enter), then move through the message list while both run.
        for k in [Key.char("5"), .char("i")] + "what is this?".map({ Key.char($0) }) + [.enter] { press(k) }
        try wait("copilot answer streaming") { status.get().streaming }
        press(.char("1"))
        var sent = 0
        while sent < 400 && (status.get().streaming || status.get().discovering) {
            press(sent % 10 < 5 ? .char("j") : .char("k"))
            sent += 1
            usleep(15_000)
        }
        usleep(200_000)
        stop.set(true)
        while !ui.isFinished { usleep(1000) }
        let all = samples.get()
        let both = all.filter { $0.discovering && $0.streaming }.map(\.ms).sorted()
        let any = all.filter { $0.discovering || $0.streaming }.map(\.ms).sorted()
        func pct(_ xs: [Double], _ p: Double) -> Double { xs.isEmpty ? 0 : xs[min(xs.count - 1, Int(Double(xs.count) * p))] }
        var rows: [BenchRow] = []
        for (label, xs) in [("discovery and copilot stream both running", both), ("discovery or copilot stream running", any)] {
            let note = "\(xs.count) keys, \(mb) MB capture, answer streamed from a loopback Ollama"
            rows.append(BenchRow(metric: "input latency p50, \(label)", value: pct(xs, 0.5), unit: "ms", goal: "≤ 50 ms",
                                 pass: !xs.isEmpty && pct(xs, 0.5) <= 50, reference: note))
            rows.append(BenchRow(metric: "input latency p99, \(label)", value: pct(xs, 0.99), unit: "ms", goal: "≤ 50 ms",
                                 pass: !xs.isEmpty && pct(xs, 0.99) <= 50))
            rows.append(BenchRow(metric: "input latency max, \(label)", value: xs.last ?? 0, unit: "ms", goal: "≤ 50 ms",
                                 pass: !xs.isEmpty && (xs.last ?? 0) <= 50))
        }
        return rows
    }
}

/// A value shared between the benchmark's threads.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ v: Value) { value = v }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: Value) { lock.lock(); value = v; lock.unlock() }
    func modify(_ body: (inout Value) -> Void) { lock.lock(); body(&value); lock.unlock() }
}

/// A loopback HTTP server speaking enough of Ollama's API for the workbench: `/api/version`, `/api/tags`, and a
/// streamed `/api/chat` answer of `chunks` NDJSON lines, one every `intervalMicroseconds`.
final class LoopbackOllama: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let chunks: Int
    private let interval: UInt32
    private let stopped = LockedBox(false)

    init(chunks: Int, intervalMicroseconds: UInt32) throws {
        self.chunks = chunks
        interval = intervalMicroseconds
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw QbitelError(.ioError, "loopback server: cannot listen (errno \(errno))") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func start() {
        Thread.detachNewThread { [self] in
            while !stopped.get() {
                let c = accept(fd, nil, nil)
                if c < 0 { break }
                Thread.detachNewThread { [self] in handle(c) }
            }
        }
    }

    func stop() {
        stopped.set(true)
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    /// Writes all of `text`; false once the client has gone (no SIGPIPE: the client may cancel mid-answer).
    private func put(_ c: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.send(c, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    private func handle(_ c: Int32) {
        defer { close(c) }
        var head: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while !head.containsHeaderEnd {
            let n = read(c, &buf, buf.count)
            if n <= 0 { return }
            head += buf[0..<n]
        }
        let text = String(decoding: head, as: UTF8.self)
        let requestLine = text.split(separator: "\r\n").first ?? ""
        let json: String
        if requestLine.contains("/api/version") {
            json = #"{"version":"0.5.1"}"#
        } else if requestLine.contains("/api/tags") {
            json = #"{"models":[{"name":"bench:latest","model":"bench:latest","size":1}]}"#
        } else if requestLine.contains("/api/chat") {
            // Read the body (Content-Length) before answering, then stream.
            let lower = text.lowercased()
            if let r = lower.range(of: "content-length:") {
                let n = Int(lower[r.upperBound...].prefix { $0 != "\r" }.trimmingCharacters(in: .whitespaces)) ?? 0
                let headerEnd = (text.range(of: "\r\n\r\n").map { text.utf8.distance(from: text.startIndex, to: $0.upperBound) }) ?? head.count
                var have = head.count - headerEnd
                while have < n {
                    let k = read(c, &buf, buf.count)
                    if k <= 0 { break }
                    have += k
                }
            }
            guard put(c, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n") else { return }
            for i in 0..<chunks {
                if stopped.get() { return }
                guard put(c, #"{"model":"bench","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"word\#(i) "},"done":false}"# + "\n") else { return }
                usleep(interval)
            }
            _ = put(c, #"{"model":"bench","done":true,"done_reason":"stop","prompt_eval_count":120,"eval_count":\#(chunks)}"# + "\n")
            return
        } else {
            _ = put(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        }
        _ = put(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n" + json)
    }
}

extension Array where Element == UInt8 {
    var containsHeaderEnd: Bool {
        guard count >= 4 else { return false }
        for i in 0...(count - 4) where self[i] == 13 && self[i + 1] == 10 && self[i + 2] == 13 && self[i + 3] == 10 { return true }
        return false
    }
}
