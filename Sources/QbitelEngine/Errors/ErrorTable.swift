/// The error-code table, rendered from `ErrorCode.allCases` so documentation cannot drift from code.
public enum ErrorTable {
    public static func render(markdown: Bool) -> String {
        var s = ""
        if markdown {
            s += "| code | name | group | meaning |\n|---|---|---|---|\n"
            for c in ErrorCode.allCases {
                s += "| \(c.rawValue) | `\(c)` | \(c.category)\(c.isWarning ? " (warning)" : "") | \(c.summary) |\n"
            }
        } else {
            for c in ErrorCode.allCases {
                s += "\(c.rawValue)  \(c)  \(c.summary)\n"
            }
        }
        return s
    }
}
