import Foundation
import QbitelCopilot
import QbitelEngine

/// `qbitel-bench copilot`: the copilot's own overhead, which must stay invisible next to the model's latency:
/// building the selection and the fenced, budget-trimmed prompt for a large message in a large capture. With
/// `QBITEL_OLLAMA_URL` (and `QBITEL_OLLAMA_MODEL`) set, it also measures a real round trip: time to the first answer
/// chunk and the whole answer, through the same path `qbitel ask` uses.
let copilotBenchmark = Benchmark(name: "copilot") { ctx in
    // 200,000 messages in 2,000 flows; the selected one is 64 KiB with 400 inferred fields.
    let big = ByteSlice((0..<65_536).map { UInt8($0 % 251) })
    let small = ByteSlice([UInt8](repeating: 0x42, count: 48))
    var messages: [Message] = []
    messages.reserveCapacity(200_000)
    for i in 0..<200_000 {
        messages.append(Message(index: i, frame: i + 1, timestamp: .zero, flow: .pseudo(UInt16(i % 2000)), flowIndex: i % 2000,
                                direction: i % 2 == 0 ? .clientToServer : .serverToClient,
                                payload: i == 150_000 ? big : small))
    }
    let capture = Capture(name: "bench", format: .bytes, frameCount: messages.count, linkTypes: [], messages: messages,
                          flows: [], warnings: [], firstTimestamp: nil, lastTimestamp: nil, byteCount: 0)
    let fields = (0..<400).map { InferredField(offset: $0 * 4, length: 4, kind: .integer, confidence: 0.5, note: "u32be varies") }
    var selection: CopilotSelection?
    let selectSeconds = try ctx.medianSeconds {
        selection = try CopilotSelection.from(capture: capture, discovery: nil, index: 150_000)
    }
    guard var sel = selection else { return [] }
    sel.fields = fields
    sel.notes = String(repeating: "analyst note ", count: 400)
    let selected = sel
    var tokens = 0
    let buildSeconds = try ctx.medianSeconds {
        let prompt = try PromptBuilder(contextTokens: 4096, maxAnswerTokens: 512).build(question: "explain", selection: selected)
        tokens = prompt.estimatedTokens
    }
    var rows = [
        BenchRow(metric: "selection from 200k messages", value: selectSeconds * 1000, unit: "ms", goal: "≤ 50 ms",
                 pass: selectSeconds <= 0.05),
        BenchRow(metric: "prompt for a 64 KiB message, 400 fields, trimmed to num_ctx 4096 (\(tokens) tokens)",
                 value: buildSeconds * 1000, unit: "ms", goal: "≤ 10 ms", pass: buildSeconds <= 0.01),
    ]
    let env = ProcessInfo.processInfo.environment
    if env["QBITEL_OLLAMA_URL"] != nil {
        let copilot = Copilot(configuration: try CopilotConfiguration.load())
        let t0 = DispatchTime.now().uptimeNanoseconds
        var first: UInt64?
        var stats: ChatStats?
        for try await event in copilot.ask("What is this message?", selection: selected) {
            switch event {
            case .delta: if first == nil { first = DispatchTime.now().uptimeNanoseconds }
            case .finished(let a): stats = a.stats
            }
        }
        let end = DispatchTime.now().uptimeNanoseconds
        rows.append(BenchRow(metric: "time to first answer chunk (\(copilot.configuration.model))",
                             value: Double((first ?? end) - t0) / 1e6, unit: "ms"))
        rows.append(BenchRow(metric: "whole answer (\(stats?.answerTokens ?? 0) tokens)", value: Double(end - t0) / 1e6, unit: "ms"))
        if let tps = stats?.tokensPerSecond { rows.append(BenchRow(metric: "generation speed (server)", value: tps, unit: "tokens/s")) }
    }
    return rows
}
