import ArgumentParser
import Foundation
import QbitelEngine

struct InfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Frames, link types, flows and messages of a capture.")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String
    @Flag(help: "Print one JSON document.") var json = false

    func run() async throws {
        try await runReportingErrors {
            let cap = try CaptureReader.read(path: capture)
            if json {
                emit(try CaptureInfoJSON.encode(cap))
                emit("\n")
            } else {
                emit(CaptureInfoJSON.text(cap))
            }
        }
    }
}
