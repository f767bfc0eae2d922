import ArgumentParser
import QbitelEngine

struct WorkspaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workspace", abstract: "List, show, export, import, prune and check the workspace.")

    func run() async throws {
        try await runReportingErrors {
            throw QbitelError(.featureDisabled, "'workspace' is not available in this build yet")
        }
    }
}
