import Foundation
import QbitelEngine

/// Which messages the list shows. All set criteria must hold.
public struct MessageFilter: Sendable, Equatable {
    public var typeID: String?
    public var flowIndex: Int?
    public var direction: Direction?
    public var verdict: VerdictMark?
    /// Bytes that must occur in the payload (a hex pattern or the UTF-8 of a text).
    public var pattern: [UInt8]?
    public var patternLabel: String?

    public init() {}

    public var isEmpty: Bool {
        typeID == nil && flowIndex == nil && direction == nil && verdict == nil && pattern == nil
    }

    /// `type=T1 dir=c2s bytes=01ff` for the list title.
    public var summary: String {
        var parts: [String] = []
        if let typeID { parts.append("type=\(typeID)") }
        if let flowIndex { parts.append("flow=#\(flowIndex + 1)") }
        if let direction { parts.append("dir=\(direction.rawValue)") }
        if let verdict { parts.append("verdict=\(verdict.rawValue)") }
        if let patternLabel { parts.append("match=\(patternLabel)") }
        return parts.joined(separator: " ")
    }
}

/// The validity mark of a message.
public enum VerdictMark: String, Sendable, Equatable, CaseIterable {
    case valid, invalid, unknown

    public var mark: String {
        switch self {
        case .valid: return "✓"
        case .invalid: return "✗"
        case .unknown: return "·"
        }
    }
}

/// Orders of the message list.
public enum MessageSort: String, Sendable, CaseIterable {
    case frame, time, length, type, flow
}

/// Reads a search or filter pattern: `0x01ff`, `01 ff`, `01??ff`-free hex, or text (quotes force text).
public enum BytePattern {
    public static func parse(_ s: String) -> (bytes: [UInt8], label: String)? {
        let t = s.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return nil }
        if t.count >= 2, t.first == "\"", t.last == "\"" {
            let inner = String(t.dropFirst().dropLast())
            return inner.isEmpty ? nil : (Array(inner.utf8), "\"\(inner)\"")
        }
        var hex = t.lowercased()
        if hex.hasPrefix("0x") { hex.removeFirst(2) }
        hex = hex.replacingOccurrences(of: " ", with: "")
        let looksHex = t.lowercased().hasPrefix("0x") || t.allSatisfy({ $0.isHexDigit || $0 == " " })
        if looksHex, hex.count % 2 == 0, !hex.isEmpty, hex.allSatisfy({ $0.isHexDigit }) {
            var out: [UInt8] = []
            var i = hex.startIndex
            while i < hex.endIndex {
                let j = hex.index(i, offsetBy: 2)
                out.append(UInt8(hex[i..<j], radix: 16)!)
                i = j
            }
            return (out, "0x" + hex)
        }
        return (Array(t.utf8), "\"\(t)\"")
    }

    /// First occurrence of `needle` in `hay` at or after `from`, nil if none.
    public static func find(_ needle: [UInt8], in hay: ByteSlice, from: Int = 0) -> Int? {
        let n = needle.count, h = hay.count
        guard n > 0, n <= h, from <= h - n else { return nil }
        let first = needle[0]
        return hay.withUnsafeBytes { buf -> Int? in
            var i = max(0, from)
            while i <= h - n {
                if buf[i] == first {
                    var k = 1
                    while k < n && buf[i + k] == needle[k] { k += 1 }
                    if k == n { return i }
                }
                i += 1
            }
            return nil
        }
    }
}
