import Foundation

/// `qbitel info` output: what a capture holds, as JSON or text.
public enum CaptureInfoJSON {
    struct FlowDTO: Codable {
        var flow: String
        var transport: String
        var c2s_messages: Int
        var s2c_messages: Int
        var c2s_bytes: Int
        var s2c_bytes: Int
        var gaps: Int
    }

    struct LinkDTO: Codable { var id: UInt32; var name: String }
    struct WarningDTO: Codable { var code: Int; var message: String; var frame: Int?; var offset: Int? }

    struct Document: Codable {
        var capture: String
        var format: String
        var bytes: Int
        var frames: Int
        var messages: Int
        var unit: String
        var gap_messages: Int
        var link_types: [LinkDTO]
        var flows: [FlowDTO]
        var first_time: Double?
        var last_time: Double?
        var warnings: [WarningDTO]
    }

    /// A readable name for a DLT link-type number.
    public static func linkTypeName(_ t: UInt32) -> String {
        switch t {
        case 0: return "null"
        case 1: return "ethernet"
        case 12, 14, 101: return "raw"
        case 108: return "loop"
        case 113: return "linux-sll"
        case 228: return "ipv4"
        case 229: return "ipv6"
        case 276: return "linux-sll2"
        default: return "dlt-\(t)"
        }
    }

    public static func encode(_ c: Capture) throws -> Data {
        let doc = Document(
            capture: c.name, format: c.format.rawValue, bytes: c.byteCount, frames: c.frameCount,
            messages: c.messages.count, unit: c.messageUnit.rawValue,
            gap_messages: c.messages.reduce(0) { $0 + ($1.hasGap ? 1 : 0) },
            link_types: c.linkTypes.map { LinkDTO(id: $0, name: linkTypeName($0)) },
            flows: c.flows.map {
                FlowDTO(flow: $0.key.description, transport: $0.key.transport.rawValue,
                        c2s_messages: $0.clientToServerMessages, s2c_messages: $0.serverToClientMessages,
                        c2s_bytes: $0.clientToServerBytes, s2c_bytes: $0.serverToClientBytes, gaps: $0.gaps)
            },
            first_time: c.firstTimestamp?.timeInterval, last_time: c.lastTimestamp?.timeInterval,
            warnings: c.warnings.map { WarningDTO(code: $0.code.rawValue, message: $0.message, frame: $0.frame, offset: $0.offset) })
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return try enc.encode(doc)
    }

    public static func text(_ c: Capture) -> String {
        var s = "\(c.name): \(c.format.rawValue), \(c.byteCount) bytes\n"
        s += "frames    \(c.frameCount)\n"
        let gapped = c.messages.reduce(0) { $0 + ($1.hasGap ? 1 : 0) }
        let unitNote: String
        switch c.format {
        case .pcap, .pcapng: unitNote = c.messageUnit == .segment ? " (one per datagram or segment)" : " (TCP as stream chunks)"
        case .hexdump: unitNote = " (one per dump)"
        case .folder: unitNote = " (one per file)"
        case .bytes: unitNote = ""
        }
        s += "messages  \(c.messages.count)\(unitNote)"
        s += gapped > 0 ? ", \(gapped) after a TCP gap\n" : "\n"
        s += "links     \(c.linkTypes.isEmpty ? "-" : c.linkTypes.map(linkTypeName).joined(separator: ", "))\n"
        s += "flows     \(c.flows.count)\n"
        for f in c.flows.prefix(50) {
            s += "  \(f.key)  c2s \(f.clientToServerMessages) msgs / \(f.clientToServerBytes) B,"
            s += " s2c \(f.serverToClientMessages) msgs / \(f.serverToClientBytes) B"
            s += f.gaps > 0 ? ", \(f.gaps) gap(s)\n" : "\n"
        }
        if c.flows.count > 50 { s += "  … \(c.flows.count - 50) more\n" }
        for w in c.warnings { s += "\(w)\n" }
        return s
    }
}
