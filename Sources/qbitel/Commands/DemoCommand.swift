import ArgumentParser
import Foundation
import QbitelEngine
import QbitelOps
import QbitelTUI

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Trainer mode: step through field detection for a class.")

    @Argument(help: "A capture to learn from (default: a small built-in synthetic one).") var capture: String?

    @Option(name: .long, help: "The message type to walk through (default: the largest).") var type: String?

    @Option(name: .long, help: "Advance to the next step every SECONDS.") var auto: Double?

    @Option(name: .long, help: "Theme name or path to a .theme file.") var theme: String?

    func run() async throws {
        try await runTerminalCommand {
            if let capture, !FileManager.default.fileExists(atPath: capture) {
                throw QbitelError(.fileNotFound, "\(capture) does not exist")
            }
            if let auto, !(auto > 0) { throw QbitelError(.configInvalid, "--auto must be a positive number of seconds") }
            if let e = ThemeLoader.load(theme).error {
                FileHandle.standardError.write(Data("qbitel: \(e) — using the default theme\n".utf8))
            }
            let options = TrainerOptions(capturePath: capture, typeID: type, autoSeconds: auto, theme: theme,
                                         extras: try FeatureFlags.load().trainerExtras)
            try await runOnUIThread { try TrainerRunner.run(options) }
        }
    }
}
