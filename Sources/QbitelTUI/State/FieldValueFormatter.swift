import QbitelEngine

/// Short, readable values for the field table: numbers as numbers, text as text, the rest as hex.
public enum FieldValueFormatter {
    public static func format(_ b: ByteSlice, kind: FieldKind, endianness: Endianness?) -> String {
        let big = endianness != .little
        switch kind {
        case .string, .lengthPrefixedString:
            return "\"" + printable(b, limit: 32) + "\""
        case .ipv4 where b.count == 4:
            return "\(b[0]).\(b[1]).\(b[2]).\(b[3])"
        case .timestamp where b.count == 4 || b.count == 8:
            let secs = b.count == 4 ? Int64(b.u32(0, bigEndian: big)) : Int64(bitPattern: b.u64(0, bigEndian: big) >> 32)
            return UTCDate.format(seconds: secs) ?? hex(b)
        case .float where b.count == 4:
            return "\(Float(bitPattern: b.u32(0, bigEndian: big)))"
        case .float where b.count == 8:
            return "\(Double(bitPattern: b.u64(0, bigEndian: big)))"
        default:
            if let v = unsigned(b, bigEndian: big) {
                return kind == .flags ? "0x" + String(v, radix: 16) + " (\(v))" : "\(v)"
            }
            return hex(b)
        }
    }

    static func unsigned(_ b: ByteSlice, bigEndian: Bool) -> UInt64? {
        switch b.count {
        case 1: return UInt64(b[0])
        case 2: return UInt64(b.u16(0, bigEndian: bigEndian))
        case 4: return UInt64(b.u32(0, bigEndian: bigEndian))
        case 8: return b.u64(0, bigEndian: bigEndian)
        default: return nil
        }
    }

    static func hex(_ b: ByteSlice, limit: Int = 12) -> String {
        let shown = b.count > limit ? b[0..<limit] : b
        return shown.hex + (b.count > limit ? "…" : "")
    }

    /// ASCII with dots for everything else.
    static func printable(_ b: ByteSlice, limit: Int) -> String {
        var s = ""
        for (n, c) in b.enumerated() {
            if n >= limit {
                s += "…"
                break
            }
            s.append(c >= 0x20 && c < 0x7f ? Character(Unicode.Scalar(c)) : ".")
        }
        return s
    }
}

/// UNIX seconds to `2026-11-23 12:56:33Z` without Foundation's formatters (days-from-civil arithmetic).
enum UTCDate {
    static func format(seconds: Int64) -> String? {
        guard seconds >= 0, seconds < 253_402_300_800 else { return nil }
        let days = seconds / 86400, rem = seconds % 86400
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d)) \(two(rem / 3600)):\(two(rem % 3600 / 60)):\(two(rem % 60))Z"
    }
}
