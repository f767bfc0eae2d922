import ArgumentParser
import QbitelEngine

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ask", abstract: "Ask the copilot about a message, headless.")

    func run() async throws {
        try await runReportingErrors {
            throw QbitelError(.featureDisabled, "'ask' is not available in this build yet")
        }
    }
}
