import ArgumentParser
import QbitelEngine

@main
struct Qbitel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qbitel",
        abstract: "QBITEL Workbench: discover the message types, fields and grammar of an unknown protocol.",
        version: QbitelEngineInfo.version,
        subcommands: [
            OpenCommand.self, DiscoverCommand.self, InfoCommand.self, ExportCommand.self, AskCommand.self,
            WorkspaceCommand.self, ClassifierCommand.self, DemoCommand.self, DoctorCommand.self, ErrorsCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )
}
