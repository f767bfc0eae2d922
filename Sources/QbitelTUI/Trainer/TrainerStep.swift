import Foundation
import QbitelEngine

/// One step of trainer mode: a title, a short narration and the lines of its picture, each with a role for colour.
public struct TrainerStep: Sendable, Equatable {
    public var title: String
    public var narration: String
    public var lines: [TrainerLine]
    /// Byte offsets to mark in the sample message (boundaries found so far).
    public var boundaries: [Int]
    /// Whether the sample message shows field colours (from the field-meaning step on).
    public var showFields: Bool
}

public struct TrainerLine: Sendable, Equatable {
    public var text: String
    public var role: ThemeRole
    /// A palette key for the line (a type or field), or nil.
    public var colorKey: String?

    public init(_ text: String, _ role: ThemeRole = .text, colorKey: String? = nil) {
        self.text = text
        self.role = role
        self.colorKey = colorKey
    }
}

/// Builds the walk-through for one type from a capture and its discovery result.
public enum TrainerScript {
    /// With `extras`, a step after the field meanings shows every detector's opinion on each field.
    public static func steps(capture: Capture, discovery: DiscoveryResult, typeID: String, verdict: (Int) -> VerdictMark,
                             extras: Bool = false) -> [TrainerStep] {
        let members = discovery.messages.filter { $0.typeID == typeID }
        let payloads = members.compactMap { $0.messageIndex < capture.messages.count ? capture.messages[$0.messageIndex].payload : nil }
        let cols = ByteColumnProfile.compute(payloads, maxColumns: 48)
        let scores = ByteColumnProfile.boundaryScores(cols)
        let info = discovery.types.first { $0.id == typeID }
        let fields = info?.fields.isEmpty == false ? info!.fields : (members.first?.fields ?? [])
        let chosen = members.first?.boundaries ?? fields.map(\.offset)
        var steps: [TrainerStep] = []

        // 1. Byte statistics.
        var l1 = [TrainerLine("offset  distinct  entropy  most common      entropy (0 … 8 bits)", .header)]
        for c in cols {
            let bar = String(repeating: "█", count: Int((c.entropy / 8 * 24).rounded()))
            l1.append(TrainerLine(String(c.offset).leftPadded(6) + String(c.distinct).leftPadded(10)
                + String(format: "%9.2f", c.entropy) + "   0x" + hex(c.mostCommon) + String(format: " %4.0f%%", c.mostCommonShare * 100)
                + "     " + bar, c.distinct == 1 ? .muted : .text))
        }
        steps.append(TrainerStep(title: "1 · Byte statistics per column", narration:
            "Line up the \(members.count) messages of \(typeID) byte by byte. For each offset count the distinct values and their entropy: constant bytes (0 bits) look like magic numbers or type codes, high entropy looks like ids, counters or payload.",
            lines: l1, boundaries: [], showFields: false))

        // 2. Boundary candidates.
        var l2 = [TrainerLine("offset  score   candidate                       ▲ = boundary kept", .header)]
        for (i, sc) in scores.enumerated() {
            let kept = chosen.contains(i)
            l2.append(TrainerLine(String(i).leftPadded(6) + String(format: "  %.2f  ", sc)
                + String(repeating: "▇", count: Int((sc * 30).rounded())) + (kept ? "  ▲" : ""), kept ? .highlight : .text))
        }
        steps.append(TrainerStep(title: "2 · Boundary candidates and their scores", narration:
            "A field boundary is likely where the byte statistics change: from constant to varying, or a jump in entropy. Each offset gets a score; the engine keeps the boundaries that agree across messages (▲).",
            lines: l2, boundaries: chosen, showFields: false))

        // 3. Clustering.
        let total = max(1, discovery.types.reduce(0) { $0 + $1.count })
        var l3 = [TrainerLine("type   messages   share   confidence   rule", .header)]
        for t in discovery.types {
            l3.append(TrainerLine(t.id.padded(6) + String(t.count).leftPadded(9) + String(format: "   %4.0f%%", Double(t.count) / Double(total) * 100)
                + String(format: "   %9.2f", t.confidence) + "   " + t.rule, t.id == typeID ? .highlight : .text, colorKey: t.id))
        }
        steps.append(TrainerStep(title: "3 · Clustering messages into types", narration:
            "Messages are grouped by a key field, a length or a text token so that each group shares one layout. \(typeID) is one of \(discovery.types.count) types found.",
            lines: l3, boundaries: chosen, showFields: false))

        // 4. Field meanings.
        var l4 = [TrainerLine("offset  length  kind       confidence  why", .header)]
        for (k, f) in fields.enumerated() {
            l4.append(TrainerLine(String(f.offset).leftPadded(6) + String(f.length).leftPadded(8) + "  " + f.kind.rawValue.padded(10)
                + String(format: " %9.0f%%", f.confidence * 100) + "  " + (f.note ?? ""), .text, colorKey: "\(typeID)/\(f.offset)"))
            _ = k
        }
        if fields.isEmpty { l4.append(TrainerLine("no field meanings were inferred for this type", .muted)) }
        steps.append(TrainerStep(title: "4 · Field meanings", narration:
            "Each segment is tested against detectors: constant, enumeration, length (does it match the bytes that follow?), counter (does it grow within a flow?), timestamp, checksum, text, address. The best fit and its confidence are kept.",
            lines: l4, boundaries: chosen, showFields: true))
        if extras {
            steps.append(TrainerStep(title: "4+ · Every detector's opinion", narration:
                "Behind each meaning is a contest: every detector scores the field, checked meanings (length, counter, timestamp, checksum, id, address) beat value-spread ones (constant, enumeration, flags, text, float), and the winner is kept. Here are the runners-up.",
                lines: detectorOpinions(capture: capture, members: members, fields: fields, typeID: typeID),
                boundaries: chosen, showFields: true))
        }

        // 5. Grammar.
        var l5 = [TrainerLine("\(typeID) ::=", .header)]
        for (k, f) in fields.enumerated() {
            l5.append(TrainerLine("    f\(k): \(f.kind.rawValue)[\(f.length)]" + String(format: "   p=%.2f", f.confidence), .text,
                                  colorKey: "\(typeID)/\(f.offset)"))
        }
        l5.append(TrainerLine(String(format: "P(%@) = %.2f of all messages", typeID, Double(info?.count ?? members.count) / Double(total)), .muted))
        steps.append(TrainerStep(title: "5 · The grammar", narration:
            "The fields become a grammar rule for the type, each element with its probability. Together the types form 'message ::= T1 | T2 | …', which parses new traffic.",
            lines: l5, boundaries: chosen, showFields: true))

        // 6. Validation.
        var valid = 0, invalid = 0, unknown = 0
        var examples: [TrainerLine] = []
        for m in members {
            switch verdict(m.messageIndex) {
            case .valid: valid += 1
            case .invalid:
                invalid += 1
                if examples.count < 8 { examples.append(TrainerLine("frame \(m.frame): does not fit the layout", .invalid)) }
            case .unknown: unknown += 1
            }
        }
        let l6 = [TrainerLine("valid \(valid)   invalid \(invalid)   unchecked \(unknown)", .header)] + examples
        steps.append(TrainerStep(title: "6 · Validation", narration:
            "Finally every message of the type is parsed with the grammar and checked: lengths, counters, checksums. Messages that do not fit are flagged so the analyst can look at them.",
            lines: l6, boundaries: chosen, showFields: true))
        return steps
    }

    /// Up to three detector opinions per field, over at most 400 of the type's messages.
    static func detectorOpinions(capture: Capture, members: [MessageInference], fields: [InferredField], typeID: String)
        -> [TrainerLine] {
        var lines = [TrainerLine("offset  length  detector opinions (kind confidence), best first", .header)]
        let sample = members.prefix(400).compactMap { $0.messageIndex < capture.messages.count ? capture.messages[$0.messageIndex] : nil }
        let semantics = FieldSemantics(context: SemanticContext(messages: capture.messages))
        for f in fields.prefix(24) {
            let occ = sample.map { FieldOccurrence(message: $0, offset: f.offset, length: f.length) }
            let opinions = semantics.candidates(occ).prefix(3)
                .map { "\($0.kind.rawValue) \(Int(($0.confidence * 100).rounded()))%" }
            lines.append(TrainerLine(String(f.offset).leftPadded(6) + String(f.length).leftPadded(8) + "  "
                + (opinions.isEmpty ? "no detector has an opinion" : opinions.joined(separator: " · ")),
                opinions.isEmpty ? .muted : .text, colorKey: "\(typeID)/\(f.offset)"))
        }
        return lines
    }

    static func hex(_ b: UInt8) -> String {
        let d = Array("0123456789abcdef")
        return String([d[Int(b >> 4)], d[Int(b & 15)]])
    }
}
