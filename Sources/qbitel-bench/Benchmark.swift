import Foundation

/// What a benchmark gets: how many repetitions to take the median of.
struct BenchContext: Sendable {
    var runs: Int

    /// Runs `body` `runs` times and returns the median wall time in seconds.
    func medianSeconds(_ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<Swift.max(runs, 1) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }
        return median(times)
    }
}

/// The middle value (the upper one of an even count).
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

/// One measured figure, with the goal it is judged against.
struct BenchRow: Codable, Sendable {
    var metric: String
    var value: Double
    var unit: String
    /// e.g. "≤ 100 ms", "≥ 40 % of cat".
    var goal: String?
    var pass: Bool?
    /// The reference tool's figure on the same work (tshark, cat), when there is one.
    var reference: String?
}

struct BenchSection: Codable, Sendable {
    var name: String
    var rows: [BenchRow]
}

struct Benchmark: Sendable {
    var name: String
    var run: @Sendable (BenchContext) async throws -> [BenchRow]
}

/// Peak resident memory of this process so far, in bytes (from /proc).
func peakRSSBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
    return 0
}

struct BenchReport: Codable {
    var machine: String
    var date: String
    var sections: [BenchSection] = []

    static func machineDescription() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown cpu"
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }

    static func today() -> String {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }

    func markdown() -> String {
        var s = "Machine: \(machine); date: \(date)\n\n| benchmark | metric | value | unit | goal | pass | reference |\n|---|---|---|---|---|---|---|\n"
        for sec in sections {
            for r in sec.rows {
                let v = r.value >= 100 ? String(format: "%.0f", r.value) : String(format: "%.3g", r.value)
                let pass = r.pass.map { $0 ? "yes" : "no" } ?? ""
                s += "| \(sec.name) | \(r.metric) | \(v) | \(r.unit) | \(r.goal ?? "") | \(pass) | \(r.reference ?? "") |\n"
            }
        }
        return s
    }

    func write(to dir: String, name: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try enc.encode(self).write(to: URL(fileURLWithPath: "\(dir)/\(name).json"))
        try markdown().write(toFile: "\(dir)/\(name).md", atomically: true, encoding: .utf8)
    }
}
