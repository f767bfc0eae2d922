/// Names as grammar identifiers: letters, digits and `_`, starting with a letter.
public enum GrammarNames {
    public static func identifier(_ s: String, fallback: String, maxLength: Int = 40) -> String {
        var out = ""
        var lastUnderscore = false
        for u in s.unicodeScalars {
            if (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") {
                out.unicodeScalars.append(u)
                lastUnderscore = false
            } else if !lastUnderscore && !out.isEmpty {
                out += "_"
                lastUnderscore = true
            }
            if out.count >= maxLength { break }
        }
        while out.hasSuffix("_") { out.removeLast() }
        guard let f = out.unicodeScalars.first, (f >= "a" && f <= "z") || (f >= "A" && f <= "Z") else {
            return out.isEmpty ? fallback : "f_" + out
        }
        return out
    }
}
