import ArgumentParser
import Foundation
import QbitelEngine

struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover", abstract: "Infer message types, field boundaries and field meanings.")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String
    @Flag(help: "Print one JSON document (the format ../shared/eval/score.py reads).") var json = false
    @Flag(name: .customLong("types-only"), help: "Only cluster messages into types.") var typesOnly = false

    func run() async throws {
        try await runReportingErrors {
            let cap = try CaptureReader.read(path: capture)
            let engine = DiscoveryEngine(options: DiscoveryOptions(typesOnly: typesOnly))
            let result = try engine.discover(cap)
            if json {
                emit(try DiscoveryJSON.encode(DiscoveryJSON.document(capture: cap, result: result, typesOnly: typesOnly)))
                emit("\n")
            } else {
                emit(DiscoverySummary.text(capture: cap, result: result))
            }
        }
    }
}
