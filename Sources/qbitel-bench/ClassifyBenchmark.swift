import Foundation
import QbitelEngine

/// `qbitel-bench classify`: classifier speed per message and per flow window, and training time on 10k messages.
///
/// Data: `sample-captures/` (and `../shared/captures` when present, without the mixed capture), labelled by file
/// name; flows are repeated as new flows until the training set holds 10,000 messages.
let classifyBenchmark = Benchmark(name: "classify") { ctx in
    var dirs = ["sample-captures"]
    if FileManager.default.fileExists(atPath: "../shared/captures") { dirs.append("../shared/captures") }
    let set = try LabelledCaptureSet(paths: dirs, exclude: ["binaryprotocols"])
    let base = try set.samples()
    guard !base.isEmpty else { throw QbitelError(.insufficientTrainingData, "no labelled captures found in \(dirs)") }
    var training: [FlowSample] = []
    var messages = 0, copy = 0
    while messages < 10_000 {
        for var s in base where messages < 10_000 {
            s.flowIndex += copy * 1_000_000
            training.append(s)
            messages += s.payloads.count
        }
        copy += 1
    }
    var model: ClassifierModel?
    var trainCPU = Double.infinity
    let trainSeconds = try ctx.medianSeconds {
        let c0 = threadCPUSeconds()
        model = try ClassifierTrainer().train(training)
        trainCPU = Swift.min(trainCPU, threadCPUSeconds() - c0)
    }
    let ensemble = ClassifierEnsemble(model: model!)

    let flows = Array(base.prefix(2000))
    let singles = flows.flatMap { f in f.payloads.indices.map { i in
        FlowSample(payloads: [f.payloads[i]], directions: [f.directions[i]], times: [f.times[i]], transport: f.transport)
    } }.prefix(5000)
    var sink = 0.0
    var cpuMessage = Double.infinity, cpuFlow = Double.infinity
    let perMessage = ctx.medianSeconds {
        let c0 = threadCPUSeconds()
        for s in singles { sink += ensemble.predict(s).confidence }
        cpuMessage = Swift.min(cpuMessage, threadCPUSeconds() - c0)
    } / Double(singles.count)
    let perFlow = ctx.medianSeconds {
        let c0 = threadCPUSeconds()
        for s in flows { sink += ensemble.predict(s).confidence }
        cpuFlow = Swift.min(cpuFlow, threadCPUSeconds() - c0)
    } / Double(flows.count)
    cpuMessage /= Double(singles.count)
    cpuFlow /= Double(flows.count)
    let meanFlowMessages = Double(flows.reduce(0) { $0 + $1.payloads.count }) / Double(flows.count)
    return [
        BenchRow(metric: "training on \(messages) messages (\(training.count) flow windows, \(model!.labels.count) protocols)",
                 value: trainSeconds, unit: "s", goal: "≤ 60 s", pass: trainSeconds <= 60,
                 reference: String(format: "CPU time %.1f s (one thread)", trainCPU)),
        BenchRow(metric: "classify one message (ensemble of 3)", value: perMessage * 1e6, unit: "µs", goal: "≤ 50 µs",
                 pass: perMessage * 1e6 <= 50,
                 reference: String(format: "%d messages; CPU time %.1f µs", singles.count, cpuMessage * 1e6)),
        BenchRow(metric: "classify one flow window (ensemble of 3)", value: perFlow * 1e3, unit: "ms", goal: "≤ 1 ms",
                 pass: perFlow * 1e3 <= 1,
                 reference: String(format: "%d windows, %.1f messages each; CPU time %.3f ms; checksum %.0f", flows.count,
                                   meanFlowMessages, cpuFlow * 1e3, sink)),
    ]
}

/// CPU time of the calling thread, so that figures on a shared machine are not inflated by other processes.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
