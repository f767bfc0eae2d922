import ArgumentParser
import QbitelEngine

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a capture's discovered format (json, wireshark, kaitai).")

    func run() async throws {
        try await runReportingErrors {
            throw QbitelError(.featureDisabled, "'export' is not available in this build yet")
        }
    }
}
