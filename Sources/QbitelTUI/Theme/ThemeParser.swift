import Foundation
import QbitelEngine

/// Reads the theme text format (see `themes/README.md`):
///
/// ```
/// # comment
/// name = dark
/// ROLE = FOREGROUND [on BACKGROUND] [bold] [underline] [reverse] [dim]
/// palette = 39 208 114 …
/// boxes = unicode | ascii
/// ```
/// Colours are `default`, the eight names (`black` … `white`, optionally `bright-`), or 0–255.
/// Roles not named keep the default theme's style. Any mistake is error 9007 naming the line.
public enum ThemeParser {
    public static func parse(_ text: String, source: String) throws -> Theme {
        var name = source
        var styles: [ThemeRole: CellStyle] = [:]
        var palette: [Int16] = []
        var ascii = false
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            if line.isEmpty { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw fail(source, lineNo, "expected 'ROLE = STYLE', found '\(line)'")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "name":
                guard !value.isEmpty else { throw fail(source, lineNo, "empty theme name") }
                name = value
            case "palette":
                let parts = value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
                guard !parts.isEmpty else { throw fail(source, lineNo, "palette needs at least one colour") }
                palette = try parts.map { p in
                    guard let c = color(String(p)) else { throw fail(source, lineNo, "unknown colour '\(p)'") }
                    return c
                }
            case "boxes":
                switch value.lowercased() {
                case "unicode": ascii = false
                case "ascii": ascii = true
                default: throw fail(source, lineNo, "boxes must be 'unicode' or 'ascii', not '\(value)'")
                }
            default:
                guard let role = ThemeRole(rawValue: key) else {
                    throw fail(source, lineNo, "unknown element '\(key)' (known: \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                styles[role] = try style(value, source: source, line: lineNo)
            }
        }
        if source != "dark" || name != "dark" {
            // Inherit what the file leaves out from the default theme.
            for role in ThemeRole.allCases where styles[role] == nil { styles[role] = Theme.dark.styles[role] }
            if palette.isEmpty { palette = Theme.dark.palette }
        }
        return Theme(name: name, styles: styles, palette: palette, asciiBoxes: ascii)
    }

    static func style(_ value: String, source: String, line: Int) throws -> CellStyle {
        var s = CellStyle()
        var words = value.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { throw fail(source, line, "empty style") }
        var colourSlots = 0
        var expectBackground = false
        while !words.isEmpty {
            let w = words.removeFirst()
            switch w {
            case "bold": s.attributes.insert(.bold)
            case "underline": s.attributes.insert(.underline)
            case "reverse": s.attributes.insert(.reverse)
            case "dim": s.attributes.insert(.dim)
            case "on":
                expectBackground = true
            default:
                guard let c = color(w) else { throw fail(source, line, "unknown colour or attribute '\(w)'") }
                if expectBackground {
                    s.background = c
                    expectBackground = false
                } else if colourSlots == 0 {
                    s.foreground = c
                    colourSlots = 1
                } else {
                    throw fail(source, line, "second foreground colour '\(w)' (write 'FG on BG')")
                }
            }
        }
        if expectBackground { throw fail(source, line, "'on' without a background colour") }
        return s
    }

    static func color(_ w: String) -> Int16? {
        let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        let lw = w.lowercased()
        if lw == "default" { return -1 }
        if let i = names.firstIndex(of: lw) { return Int16(i) }
        if lw.hasPrefix("bright-"), let i = names.firstIndex(of: String(lw.dropFirst(7))) { return Int16(i + 8) }
        if let n = Int16(lw), n >= 0, n <= 255 { return n }
        return nil
    }

    static func fail(_ source: String, _ line: Int, _ what: String) -> QbitelError {
        QbitelError(.themeInvalid, "theme \(source), line \(line): \(what)", details: ["line": String(line)])
    }
}
