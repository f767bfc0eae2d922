import ArgumentParser
import QbitelEngine

struct ErrorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "errors", abstract: "List every error code (the README's table is made by --markdown).")

    @Flag(help: "Print the table as Markdown.") var markdown = false

    func run() async throws {
        emit(ErrorTable.render(markdown: markdown))
    }
}
