import Foundation
import QbitelEngine
import QbitelStore

// Crash-safety harness for the workspace: saves runs in a loop and reports each one only after its transaction
// commits, so a test can SIGKILL this process at any moment and check that every reported run survived whole.
//
// Usage: qbitel-store-crash-writer WORKSPACE FIRST_SEED
// Prints "committed RUN_ID SEED MESSAGES" per run to stdout, unbuffered.

let args = CommandLine.arguments
guard args.count == 3, let firstSeed = UInt64(args[2]) else {
    FileHandle.standardError.write(Data("usage: qbitel-store-crash-writer WORKSPACE FIRST_SEED\n".utf8))
    exit(2)
}
do {
    let workspace = try Workspace(path: args[1])
    var seed = firstSeed
    while true {
        let count = Int(seed % 7) * 150 + 20
        let result = SyntheticDiscovery.result(seed: seed, messageCount: count, typeCount: Int(seed % 5) + 1)
        let id = try workspace.saveRun(result, capture: SyntheticDiscovery.identity(seed: seed % 3),
                                       metadata: RunMetadata(parameters: "{\"seed\":\(seed)}"))
        let line = "committed \(id) \(seed) \(count)\n"
        _ = line.withCString { write(1, $0, strlen($0)) }
        seed += 1
    }
} catch {
    FileHandle.standardError.write(Data("qbitel-store-crash-writer: \(error)\n".utf8))
    exit(1)
}
