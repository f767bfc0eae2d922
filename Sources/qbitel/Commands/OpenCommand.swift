import ArgumentParser
import QbitelEngine

struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the workbench on a capture (the default command).")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String

    func run() async throws {
        try await runReportingErrors {
            let cap = try CaptureReader.read(path: capture)
            emit(CaptureInfoJSON.text(cap))
        }
    }
}
