import ArgumentParser
import QbitelEngine

struct ClassifierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "classifier", abstract: "Train, evaluate, list and choose protocol classifier models.")

    func run() async throws {
        try await runReportingErrors {
            throw QbitelError(.featureDisabled, "'classifier' is not available in this build yet")
        }
    }
}
