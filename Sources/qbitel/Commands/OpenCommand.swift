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
        try await runTerminalCommand {
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
            let options = WorkbenchOptions(capturePath: capture, theme: theme, colorMode: mode)
            try await runOnUIThread { try WorkbenchRunner.run(options) }
        }
    }
}

/// Runs the terminal UI on its own thread: its event loop blocks in poll(), which must not hold a thread of the
/// concurrency pool that discovery and the copilot run on.
func runOnUIThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, Error>) in
        let t = Thread {
            do {
                try body()
                c.resume()
            } catch {
                c.resume(throwing: error)
            }
        }
        t.name = "qbitel-ui"
        t.start()
    }
}

/// Like `runReportingErrors`, but without the shutdown coordinator: the terminal UI handles SIGTERM, SIGINT and
/// SIGTSTP itself so it can restore the terminal before the process ends.
func runTerminalCommand(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as QbitelError {
        FileHandle.standardError.write(Data("qbitel: \(e)\n".utf8))
        throw ExitCode(1)
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("qbitel: error \(ErrorCode.internalError.rawValue): \(error)\n".utf8))
        throw ExitCode(1)
    }
}
