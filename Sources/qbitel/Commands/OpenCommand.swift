import ArgumentParser
import Foundation
import QbitelEngine
import QbitelTUI

struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the workbench on a capture (the default command).")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String

    @Option(name: .long, help: "Theme name (dark, light, high-contrast, mono) or path to a .theme file.")
    var theme: String?

    @Option(name: .long, help: "Colour depth: 256, 8 or mono (default: what the terminal reports; NO_COLOR gives mono).")
    var color: String?

    func run() async throws {
        try await runReportingErrors {
            guard FileManager.default.fileExists(atPath: capture) else {
                throw QbitelError(.fileNotFound, "\(capture) does not exist")
            }
            var mode: ColorMode?
            if let color {
                guard let m = ColorMode(rawValue: color) else {
                    throw QbitelError(.configInvalid, "--color must be 256, 8 or mono, not '\(color)'")
                }
                mode = m
            }
            // A broken theme is reported and the default used; the workbench still opens.
            if let e = ThemeLoader.load(theme).error {
                FileHandle.standardError.write(Data("qbitel: \(e) — using the default theme\n".utf8))
            }
            try WorkbenchRunner.run(WorkbenchOptions(capturePath: capture, theme: theme, colorMode: mode))
        }
    }
}
