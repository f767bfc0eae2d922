import ArgumentParser
import QbitelEngine

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check the health of the workspace, copilot, themes and terminal.")

    func run() async throws {
        try await runReportingErrors {
            throw QbitelError(.featureDisabled, "'doctor' is not available in this build yet")
        }
    }
}
