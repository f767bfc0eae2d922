/// Turns names from analysts, the copilot or capture files into text that is safe inside generated code.
///
/// Identifiers keep only ASCII letters, digits and `_`; string literals escape every byte that is not plainly safe.
/// Nothing a name contains (quotes, newlines, `]]`, `--`, `:` or `#`) can end a literal or start code.
public enum ExportNames {
    /// `[A-Za-z][A-Za-z0-9_]*`, at most 40 characters, or `fallback`.
    public static func identifier(_ s: String, fallback: String) -> String {
        GrammarNames.identifier(s, fallback: fallback)
    }

    /// Lower-case `[a-z][a-z0-9_]*`, as Kaitai ids and Wireshark filter names need.
    public static func lowerIdentifier(_ s: String, fallback: String) -> String {
        let id = GrammarNames.identifier(s, fallback: fallback).lowercased()
        guard let f = id.unicodeScalars.first, f >= "a" && f <= "z" else { return "x_" + id }
        return id
    }

    /// A Lua double-quoted string literal; anything but letters, digits, space and `_-.,:/()` becomes `\ddd`.
    public static func luaString(_ s: String) -> String {
        var out = "\""
        for b in s.utf8 {
            let c = Character(UnicodeScalar(b))
            if (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || " _-.,:/()".contains(c) {
                out.append(c)
            } else {
                let d = String(b)
                out += "\\" + String(repeating: "0", count: 3 - d.count) + d
            }
        }
        return out + "\""
    }

    /// A Lua string literal of raw bytes.
    public static func luaBytes(_ bytes: [UInt8]) -> String {
        "\"" + bytes.map { b -> String in let d = String(b); return "\\" + String(repeating: "0", count: 3 - d.count) + d }.joined() + "\""
    }

    /// A YAML double-quoted scalar: `"` and `\` escaped, control and non-ASCII characters as `\uXXXX`.
    public static func yamlString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if u.value >= 32 && u.value < 127 {
                    out.unicodeScalars.append(u)
                } else if u.value <= 0xFFFF {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    let h = String(u.value, radix: 16)
                    out += "\\U" + String(repeating: "0", count: 8 - h.count) + h
                }
            }
        }
        return out + "\""
    }
}
