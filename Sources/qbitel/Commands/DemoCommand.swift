import ArgumentParser
import QbitelEngine

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Trainer mode: step through field detection for a class.")

    func run() async throws {
        try await runReportingErrors {
            throw QbitelError(.featureDisabled, "'demo' is not available in this build yet")
        }
    }
}
