import Foundation
import QbitelEngine

/// `discover`: discovery time per message count (synthetic keyed binary traffic and the shared captures repeated),
/// per-step times, peak memory against payload bytes, and the 1M-tiny-messages case.
let discoverBenchmark = Benchmark(name: "discover") { ctx in
    var rows: [BenchRow] = []
    let engine = DiscoveryEngine()

    // `QBITEL_BENCH_DISCOVER_ONLY=text` runs only the cases whose label contains `text` (for profiling one case).
    let only = ProcessInfo.processInfo.environment["QBITEL_BENCH_DISCOVER_ONLY"].flatMap { $0.isEmpty ? nil : $0 }

    func measure(_ label: String, _ messages: @autoclosure () -> [Message], goalMS: Double?) throws {
        if let only, !label.contains(only) { return }
        let messages = messages()
        let payload = messages.reduce(0) { $0 + $1.length }
        // Memory from one run of its own: the process's high-water mark is reset first, so an earlier, larger
        // benchmark's peak is not counted against this one.
        resetPeakRSS()
        let rssBefore = currentRSSBytes()
        var last: DiscoveryResult? = try engine.discover(messages, captureName: label)
        let rssAfter = peakRSSBytes()
        let secs = try ctx.medianSeconds { last = try engine.discover(messages, captureName: label) }
        let ms = secs * 1000
        rows.append(BenchRow(metric: "\(label): total", value: ms, unit: "ms", goal: goalMS.map { "≤ \(Int($0)) ms" },
                             pass: goalMS.map { ms <= $0 }))
        for step in DiscoveryStep.allCases {
            if let t = last?.timingsMS[step.rawValue] {
                rows.append(BenchRow(metric: "\(label): \(step.rawValue)", value: t, unit: "ms"))
            }
        }
        let grown = Double(max(0, rssAfter - rssBefore))
        rows.append(BenchRow(metric: "\(label): peak memory growth / payload", value: payload > 0 ? grown / Double(payload) : 0,
                             unit: "×", goal: "≤ 4×", pass: payload > 0 ? grown <= 4 * Double(payload) : nil))
        rows.append(BenchRow(metric: "\(label): peak memory growth / message", value: grown / Double(max(messages.count, 1)),
                             unit: "B"))
        rows.append(BenchRow(metric: "\(label): types", value: Double(last?.types.count ?? 0), unit: "types"))
    }

    for (n, goal) in [(1_000, 100.0), (10_000, 1_000.0), (100_000, 10_000.0)] {
        try measure("synthetic \(n / 1000)k", DiscoverSyntheticTraffic.keyed(count: n), goalMS: goal)
    }
    let shared = URL(fileURLWithPath: "../shared/captures")
    if let files = try? FileManager.default.contentsOfDirectory(atPath: shared.path).filter({ $0.hasSuffix(".pcap") }).sorted(),
       !files.isEmpty {
        var base: [Message] = []
        for f in files { base += (try? CaptureReader.read(path: shared.appendingPathComponent(f).path).messages) ?? [] }
        for (n, goal) in [(1_000, 100.0), (10_000, 1_000.0), (100_000, 10_000.0)] where !base.isEmpty {
            try measure("shared captures repeated, \(n / 1000)k", DiscoverSyntheticTraffic.repeated(base, to: n), goalMS: goal)
        }
    }
    try measure("1M tiny messages", DiscoverSyntheticTraffic.tiny(count: 1_000_000), goalMS: nil)
    return rows
}

/// Hands freed heap back to the system (so an earlier, larger run's free pages do not hide this run's growth) and
/// resets the process's peak resident memory (VmHWM) to the current value (Linux `clear_refs` 5); a no-op elsewhere.
func resetPeakRSS() {
    #if os(Linux)
    _ = glibcMallocTrim(0)
    #endif
    guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
    h.write(Data("5".utf8))
    try? h.close()
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module does not export).
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Resident memory now, in bytes (from /proc), to measure what one run adds.
func currentRSSBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
    }
    return 0
}

/// Traffic for the discovery benchmark, generated deterministically.
enum DiscoverSyntheticTraffic {
    static func message(_ i: Int, _ bytes: [UInt8]) -> Message {
        Message(index: i, frame: i + 1, timestamp: Timestamp(seconds: Int64(i), nanoseconds: 0), flow: .pseudo(),
                flowIndex: 0, direction: i % 2 == 0 ? .clientToServer : .serverToClient, payload: ByteSlice(bytes))
    }

    /// A key byte with six values, an id, a magic, a u16 length and a body whose layout follows the key.
    static func keyed(count: Int) -> [Message] {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        return (0..<count).map { i in
            let t = Int(next() % 3) + 1
            var body: [UInt8]
            switch t {
            case 1: body = [UInt8(next() & 0xFF), UInt8(next() & 0xFF), 0, 0, 0, 0]
            case 2: body = (0..<(3 + Int(next() % 10))).map { _ in UInt8(0x61 + next() % 26) }
            default: body = [UInt8(next() & 1) << 7] + (0..<6).map { _ in UInt8(next() & 0xFF) }
            }
            let p: [UInt8] = [UInt8(next() & 0xFF), UInt8(next() & 0xFF), UInt8(t) | (i % 2 == 1 ? 0x80 : 0),
                              0xCA, 0xFE, 0x01, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
            return message(i, p)
        }
    }

    /// `base` repeated (re-indexed) up to `n` messages, sharing the original bytes.
    static func repeated(_ base: [Message], to n: Int) -> [Message] {
        (0..<n).map { i in
            var m = base[i % base.count]
            m.index = i
            m.frame = i + 1
            return m
        }
    }

    /// `count` messages of 1–4 bytes, all in one buffer (zero-copy slices, as a capture file would give).
    static func tiny(count: Int) -> [Message] {
        var bytes = [UInt8](repeating: 0, count: count * 4)
        var state: UInt64 = 99
        for k in bytes.indices { state = state &* 6364136223846793005 &+ 1; bytes[k] = UInt8(state >> 56) }
        let storage = ByteStorage(bytes)
        return (0..<count).map { i in
            Message(index: i, frame: i + 1, timestamp: .zero, flow: .pseudo(), flowIndex: 0,
                    direction: i % 2 == 0 ? .clientToServer : .serverToClient,
                    payload: ByteSlice(storage: storage, start: i * 4, count: 1 + i % 4))
        }
    }
}
