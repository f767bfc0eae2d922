import Foundation
import QbitelEngine

/// Benchmark harness: `swift run -c release qbitel-bench [ingest|discover|parse|classify|store|render|all]`.
@main
struct QbitelBench {
    static func main() async throws {
        let args = Array(CommandLine.arguments.dropFirst())
        let which = args.first ?? "all"
        print("qbitel-bench \(which): no benchmarks registered yet")
    }
}
