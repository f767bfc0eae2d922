/// The readable summary `qbitel discover` prints without `--json`.
public enum DiscoverySummary {
    public static func text(capture: Capture, result: DiscoveryResult) -> String {
        var s = "\(capture.name): \(capture.messages.count) messages, \(result.types.count) types\n"
        for t in result.types {
            s += "  \(t.id)  \(t.count) msgs  conf \(String(format2(t.confidence)))  \(t.rule)\n"
            for f in t.fields.prefix(24) {
                s += "      @\(f.offset)+\(f.length)  \(f.kind.rawValue)  \(format2(f.confidence))"
                if let n = f.note { s += "  \(n)" }
                s += "\n"
            }
        }
        return s
    }

    static func format2(_ x: Double) -> String {
        let v = Int((x * 100).rounded())
        return "\(v / 100).\(v % 100 < 10 ? "0" : "")\(v % 100)"
    }
}
