/// How many colours the terminal shows; styles are mapped down once per theme, not per cell.
public enum ColorMode: String, Sendable, CaseIterable {
    case full256 = "256"
    case basic8 = "8"
    case monochrome = "mono"

    /// Picks the mode from what the terminal reports and from `NO_COLOR` (https://no-color.org).
    public static func detect(colors: Int, environment: [String: String]) -> ColorMode {
        if let v = environment["NO_COLOR"], !v.isEmpty { return .monochrome }
        if colors >= 256 { return .full256 }
        if colors >= 8 { return .basic8 }
        return .monochrome
    }

    /// Maps an xterm-256 index to the nearest of the 8 basic colours.
    static func basic(_ c: Int16) -> Int16 {
        if c < 0 { return c }
        if c < 16 { return c % 8 }
        if c >= 232 { return c >= 244 ? 7 : 0 }
        let v = Int(c) - 16
        let r = v / 36, g = (v / 6) % 6, b = v % 6
        let hi = max(r, g, b)
        if hi <= 1 { return 0 }
        let half = max(1, hi - 1)
        return Int16((r >= half ? 1 : 0) | (g >= half ? 2 : 0) | (b >= half ? 4 : 0))
    }
}
