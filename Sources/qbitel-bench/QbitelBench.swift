import Foundation
import QbitelEngine

/// Benchmark harness: `swift run -c release qbitel-bench [NAME ...|all] [--runs N] [--out DIR]`.
///
/// Each benchmark lives in its own file as a `Benchmark` value and is listed in `Benchmarks.all`. Results print as a
/// Markdown table and are written as JSON (`bench-results/NAME.json`), with the machine and the date.
@main
struct QbitelBench {
    static func main() async throws {
        var args = Array(CommandLine.arguments.dropFirst())
        var runs = 3
        var outDir = "bench-results"
        if let i = args.firstIndex(of: "--runs"), i + 1 < args.count { runs = Int(args[i + 1]) ?? 3; args.removeSubrange(i...(i + 1)) }
        if let i = args.firstIndex(of: "--out"), i + 1 < args.count { outDir = args[i + 1]; args.removeSubrange(i...(i + 1)) }
        let names = args.isEmpty || args == ["all"] ? Benchmarks.all.map(\.name) : args
        var report = BenchReport(machine: BenchReport.machineDescription(), date: BenchReport.today())
        for name in names {
            guard let b = Benchmarks.all.first(where: { $0.name == name }) else {
                FileHandle.standardError.write(Data("qbitel-bench: unknown benchmark \(name); known: \(Benchmarks.all.map(\.name).joined(separator: ", "))\n".utf8))
                exit(2)
            }
            FileHandle.standardError.write(Data("running \(name) (\(runs) runs)…\n".utf8))
            let rows = try await b.run(BenchContext(runs: runs))
            report.sections.append(BenchSection(name: name, rows: rows))
        }
        print(report.markdown())
        try report.write(to: outDir, name: names.count == 1 ? names[0] : "all")
    }
}
