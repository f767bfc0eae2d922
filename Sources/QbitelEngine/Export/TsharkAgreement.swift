/// Compares what a generated dissector showed in tshark's PDML with the engine's own parse.
///
/// Pure text processing: the caller runs tshark and hands over its output.
public enum TsharkAgreement {
    /// One field as placed in a message: filter name, offset from the message start, length.
    public struct Placement: Hashable, Sendable {
        public var name: String
        public var offset: Int
        public var length: Int
        public init(name: String, offset: Int, length: Int) {
            self.name = name
            self.offset = offset
            self.length = length
        }
    }

    public struct Outcome: Sendable, Equatable {
        public var compared: Int
        public var agreeing: Int
        /// Frames whose fields differ, for a report (first 20).
        public var disagreeingFrames: [Int]
        public var rate: Double { compared == 0 ? 0 : Double(agreeing) / Double(compared) }
    }

    /// The engine's placements per frame: type and every non-empty terminal field.
    public static func expected(_ exporter: WiresharkLuaExporter, messages: [Message]) -> [Int: (type: String, fields: [Placement])] {
        var out: [Int: (type: String, fields: [Placement])] = [:]
        for m in messages {
            switch exporter.parser.parse(m.payload) {
            case .success(let tree):
                let fs = tree.fields.filter { !$0.isGroup && $0.length > 0 }.map {
                    Placement(name: exporter.fieldAbbrevs[Int($0.node)], offset: Int($0.offset), length: Int($0.length))
                }
                out[m.frame] = (tree.typeID, fs)
            case .failure:
                out[m.frame] = ("unparsed", [])
            }
        }
        return out
    }

    /// What the dissector showed per frame, read from PDML.
    public static func observed(pdml: String, protocolName: String) -> [Int: (type: String, fields: [Placement])] {
        var out: [Int: (type: String, fields: [Placement])] = [:]
        var frame = 0
        var protoPos = 0
        var inProto = false
        var type = ""
        var fields: [Placement] = []
        func flush() {
            if frame > 0 && inProto { out[frame] = (type, fields) }
        }
        for rawLine in pdml.split(separator: "\n") {
            let line = rawLine.drop(while: { $0 == " " })
            if line.hasPrefix("<packet>") {
                flush()
                frame = 0; inProto = false; type = ""; fields = []
                continue
            }
            guard line.hasPrefix("<field") || line.hasPrefix("<proto") else { continue }
            let name = attribute(line, "name") ?? ""
            if line.hasPrefix("<field"), name == "frame.number", frame == 0 {
                frame = Int(attribute(line, "show") ?? "") ?? 0
            } else if line.hasPrefix("<proto"), name == protocolName {
                inProto = true
                protoPos = Int(attribute(line, "pos") ?? "") ?? 0
            } else if inProto, line.hasPrefix("<field"), name.hasPrefix(protocolName + ".") {
                if name == protocolName + ".type" { type = attribute(line, "show") ?? ""; continue }
                if name == protocolName + ".type_name" { continue }
                let pos = Int(attribute(line, "pos") ?? "") ?? 0
                let size = Int(attribute(line, "size") ?? "") ?? 0
                fields.append(Placement(name: name, offset: pos - protoPos, length: size))
            }
        }
        flush()
        return out
    }

    /// Messages whose type and field placements agree, over all messages the engine has.
    public static func compare(expected: [Int: (type: String, fields: [Placement])],
                               observed: [Int: (type: String, fields: [Placement])]) -> Outcome {
        var agree = 0
        var bad: [Int] = []
        for frame in expected.keys.sorted() {
            let e = expected[frame]!
            if let o = observed[frame], o.type == e.type, o.fields == e.fields { agree += 1 }
            else if bad.count < 20 { bad.append(frame) }
        }
        return Outcome(compared: expected.count, agreeing: agree, disagreeingFrames: bad)
    }

    static func attribute(_ line: Substring, _ key: String) -> String? {
        guard let r = line.range(of: " \(key)=\"") else { return nil }
        let rest = line[r.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
