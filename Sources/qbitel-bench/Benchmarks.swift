/// Every benchmark, in the order `all` runs them. Each is defined in its own file.
enum Benchmarks {
    static let all: [Benchmark] = [
        // ingest, discover, parse, classify, store, render: each area adds its benchmark here.
        ingestBenchmark,
        referenceToolsBenchmark,
        discoverBenchmark,
        discoveryLatencyBenchmark,
        storeBenchmark,
        workspaceCacheBenchmark,
        copilotBenchmark,
        renderBenchmark,
        parseBenchmark,
        classifyBenchmark,
    ]
}
