import Foundation
import QbitelEngine

/// Durations as the CLI takes them (`90s`, `45m`, `12h`, `30d`, `2w`, or combined like `1d12h`).
public enum WorkspaceDuration {
    /// Seconds in `text`; error 9006 for anything else.
    public static func parse(_ text: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        var total = 0.0
        var number = ""
        var sawUnit = false
        for ch in text.lowercased() {
            if ch.isNumber || ch == "." {
                number.append(ch)
            } else if let u = units[ch], let n = Double(number) {
                total += n * u
                number = ""
                sawUnit = true
            } else {
                throw QbitelError(.configInvalid, "'\(text)' is not a duration (use e.g. 90s, 45m, 12h, 30d, 2w)")
            }
        }
        guard number.isEmpty, sawUnit else {
            throw QbitelError(.configInvalid, "'\(text)' is not a duration (use e.g. 90s, 45m, 12h, 30d, 2w)")
        }
        return total
    }
}
