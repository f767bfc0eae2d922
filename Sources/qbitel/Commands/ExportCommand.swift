import ArgumentParser
import Foundation
import QbitelEngine

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a capture's discovered format (json, wireshark, kaitai).")

    @Argument(help: "A pcap, pcapng, hex dump or folder of raw messages.") var capture: String
    @Option(help: "json (the discover document with grammar), wireshark (Lua dissector) or kaitai (.ksy).")
    var format: ExportFormat = .json
    @Option(name: [.short, .customLong("output")], help: "Output file (default: stdout).") var output: String?
    @Option(help: "Message unit for TCP: 'segment' or 'stream'.") var unit: CaptureOptions.MessageUnit = .segment
    @Flag(name: .customLong("check-tshark"),
          help: "For wireshark: run tshark with the dissector over the capture and print how many messages agree with the engine's parse.")
    var checkTshark = false

    func run() async throws {
        try await runReportingErrors {
            let cap = try CaptureReader.read(path: capture, options: CaptureOptions(messageUnit: unit))
            let result = await Orchestrator(options: OrchestratorOptions(validationLevel: .standard)).run(cap)
            let text = try CaptureExporter.export(result, capture: cap, format: format)
            if let output {
                try CaptureExporter.write(text, to: output)
            } else {
                emit(text)
            }
            if checkTshark {
                guard format == .wireshark, let output, let grammar = result.grammar else {
                    throw QbitelError(.exportFailed, "--check-tshark needs --format wireshark and -o FILE")
                }
                let exporter = try WiresharkLuaExporter(grammar: grammar, capture: cap)
                let pdml = try ExportCommand.runTshark(lua: output, capture: capture)
                let outcome = TsharkAgreement.compare(
                    expected: TsharkAgreement.expected(exporter, messages: cap.messages),
                    observed: TsharkAgreement.observed(pdml: pdml, protocolName: exporter.protocolName))
                let parsed = cap.messages.filter { exporter.parser.matchType($0.payload) != nil }.count
                emit("tshark agreement: \(outcome.agreeing)/\(outcome.compared) messages (\(GrammarText.fmt(outcome.rate * 100, 1)) %); "
                     + "engine parse rate \(parsed)/\(cap.messages.count)"
                     + (outcome.disagreeingFrames.isEmpty ? "" : "; first differing frames \(outcome.disagreeingFrames.prefix(5).map(String.init).joined(separator: ","))") + "\n")
            }
        }
    }

    static func runTshark(lua: String, capture: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tshark", "-X", "lua_script:\(lua)", "-r", capture, "-T", "pdml"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { throw QbitelError(.exportFailed, "cannot run tshark: \(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw QbitelError(.exportFailed, "tshark exited with \(p.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}
