import QbitelEngine

/// The decoded values of the bytes under the hex cursor, every width and both byte orders side by side.
public enum ValueInspector {
    /// Lines for the inspector strip under the hex view; empty when the cursor is outside the message.
    public static func lines(_ b: ByteSlice, at o: Int) -> [String] {
        guard o >= 0, o < b.count else { return [] }
        let left = b.count - o
        var out: [String] = []
        let u8 = b[o]
        out.append("@\(o) 0x\(String(o, radix: 16))  u8 \(u8)  i8 \(Int8(bitPattern: u8))  bin \(binary(u8))  char \(char(u8))")
        if left >= 2 {
            let be = b.u16be(o), le = b.u16le(o)
            out.append("u16 be \(be) le \(le)   i16 be \(Int16(bitPattern: be)) le \(Int16(bitPattern: le))")
        }
        if left >= 4 {
            let be = b.u32be(o), le = b.u32le(o)
            out.append("u32 be \(be) le \(le)   i32 be \(Int32(bitPattern: be)) le \(Int32(bitPattern: le))")
            out.append("f32 be \(short(Float(bitPattern: be))) le \(short(Float(bitPattern: le)))   ipv4 \(b[o]).\(b[o + 1]).\(b[o + 2]).\(b[o + 3])")
            out.append("time be \(UTCDate.format(seconds: Int64(be)) ?? "-")  le \(UTCDate.format(seconds: Int64(le)) ?? "-")")
        }
        if left >= 8 {
            let be = b.u64(o, bigEndian: true), le = b.u64(o, bigEndian: false)
            out.append("u64 be \(be) le \(le)")
            out.append("i64 be \(Int64(bitPattern: be)) le \(Int64(bitPattern: le))   f64 be \(short(Double(bitPattern: be))) le \(short(Double(bitPattern: le)))")
        }
        let n = min(left, 16)
        out.append("ascii \"\(FieldValueFormatter.printable(b[o..<(o + n)], limit: 16))\"")
        return out
    }

    static func binary(_ v: UInt8) -> String {
        let s = String(v, radix: 2)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    static func char(_ v: UInt8) -> String { v >= 0x20 && v < 0x7f ? "'\(Character(Unicode.Scalar(v)))'" : "-" }

    static func short(_ f: Float) -> String { f.isFinite && abs(f) < 1e12 && (abs(f) > 1e-6 || f == 0) ? "\(f)" : "-" }
    static func short(_ f: Double) -> String { f.isFinite && abs(f) < 1e15 && (abs(f) > 1e-9 || f == 0) ? "\(f)" : "-" }
}
