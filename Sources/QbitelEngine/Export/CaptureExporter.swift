import Foundation

/// The export formats `qbitel export` and the workbench offer.
public enum ExportFormat: String, Sendable, CaseIterable, Codable {
    case json, wireshark, kaitai

    /// The format a file name asks for: `.lua` a Wireshark dissector, `.ksy` Kaitai Struct, anything else JSON.
    public init(path: String) {
        let ext = (path as NSString).pathExtension.lowercased()
        self = Self.allCases.first { $0.fileExtension == ext } ?? .json
    }

    public var fileExtension: String {
        switch self {
        case .json: return "json"
        case .wireshark: return "lua"
        case .kaitai: return "ksy"
        }
    }
}

/// One entry point for exports: an analysed capture in, the text of the chosen format out.
public enum CaptureExporter {
    /// The export text; error 5009 when the analysis has no grammar to export.
    public static func export(_ result: OrchestratorResult, capture: Capture, format: ExportFormat) throws -> String {
        switch format {
        case .json:
            let data = try DiscoveryJSON.encode(OrchestratorJSON.document(capture: capture, result: result))
            return String(decoding: data, as: UTF8.self) + "\n"
        case .wireshark:
            guard let g = result.grammar else { throw noGrammar(result) }
            return try WiresharkLuaExporter(grammar: g, capture: capture).render()
        case .kaitai:
            guard let g = result.grammar else { throw noGrammar(result) }
            return KaitaiExporter(grammar: g).render()
        }
    }

    /// Writes the export to `path`; any file error is error 5009.
    public static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw QbitelError(.exportFailed, "cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func noGrammar(_ r: OrchestratorResult) -> QbitelError {
        var why = "the analysis learned no grammar"
        if let f = r.failure { why += " (\(r.failedPhase?.rawValue ?? "?") failed: error \(f.code.rawValue) \(f.message))" }
        return QbitelError(.exportFailed, why)
    }
}
