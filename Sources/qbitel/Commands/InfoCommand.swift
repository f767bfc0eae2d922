import ArgumentParser
import Foundation
import QbitelEngine

/// `--unit segment|stream` for every command that reads a capture.
extension CaptureOptions.MessageUnit: ExpressibleByArgument {}

struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Frames, link types, flows and messages of a capture.")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String
    @Flag(help: "Print one JSON document.") var json = false
    @Option(help: "Message unit for TCP: 'segment' (one per segment payload, as tshark counts) or 'stream' (one per run of same-direction bytes of the reassembled stream).")
    var unit: CaptureOptions.MessageUnit = .segment

    func run() async throws {
        try await runReportingErrors {
            let cap = try CaptureReader.read(path: capture, options: CaptureOptions(messageUnit: unit))
            if json {
                emit(try CaptureInfoJSON.encode(cap))
                emit("\n")
            } else {
                emit(CaptureInfoJSON.text(cap))
            }
        }
    }
}
