import Foundation
import QbitelEngine

/// One value of the copilot's configuration file.
enum ConfigValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case strings([String])

    init(parsing text: String, at place: String) throws {
        if text == "true" { self = .bool(true); return }
        if text == "false" { self = .bool(false); return }
        if let n = Double(text.replacingOccurrences(of: "_", with: "")) { self = .number(n); return }
        if let s = Self.quoted(text) { self = .string(s); return }
        if text.hasPrefix("["), text.hasSuffix("]") {
            let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            if inner.isEmpty { self = .strings([]); return }
            var items: [String] = []
            for part in inner.split(separator: ",") {
                let p = part.trimmingCharacters(in: .whitespaces)
                if p.isEmpty { continue }
                guard let s = Self.quoted(p) else { throw QbitelError(.configInvalid, "\(place): arrays hold quoted strings") }
                items.append(s)
            }
            self = .strings(items)
            return
        }
        throw QbitelError(.configInvalid, "\(place): cannot read the value `\(text)`")
    }

    static func quoted(_ text: String) -> String? {
        guard text.count >= 2, let q = text.first, q == "\"" || q == "'", text.last == q else { return nil }
        return String(text.dropFirst().dropLast())
    }

    /// Drops a `#` comment that is not inside quotes.
    static func stripComment(_ line: String) -> String {
        var quote: Character?
        for (i, c) in zip(line.indices, line) {
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "#" {
                return String(line[..<i])
            }
        }
        return line
    }

    func string(_ key: String, _ place: String) throws -> String {
        if case .string(let s) = self { return s }
        throw QbitelError(.configInvalid, "\(place): `\(key)` must be a quoted string")
    }

    func strings(_ key: String, _ place: String) throws -> [String] {
        if case .strings(let s) = self { return s }
        throw QbitelError(.configInvalid, "\(place): `\(key)` must be an array of strings")
    }

    func bool(_ key: String, _ place: String) throws -> Bool {
        if case .bool(let b) = self { return b }
        throw QbitelError(.configInvalid, "\(place): `\(key)` must be true or false")
    }

    func number(_ key: String, _ place: String) throws -> Double {
        if case .number(let n) = self { return n }
        throw QbitelError(.configInvalid, "\(place): `\(key)` must be a number")
    }

    func positive(_ key: String, _ place: String) throws -> Double {
        let n = try number(key, place)
        guard n > 0 else { throw QbitelError(.configInvalid, "\(place): `\(key)` must be positive") }
        return n
    }
}
