import ArgumentParser
import QbitelEngine

@main
struct Qbitel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qbitel",
        abstract: "QBITEL Workbench: discover the message types, fields and grammar of an unknown protocol.",
        version: QbitelEngineInfo.version,
        subcommands: [
            OpenCommand.self, DiscoverCommand.self, InfoCommand.self, ErrorsCommand.self,
        ],
        defaultSubcommand: OpenCommand.self
    )
}
