/// Renders bytes as offset-labelled hex lines (`0010  01 02 … |..|`), bounded so a huge message cannot fill a prompt.
public enum HexDump {
    /// At most `maxBytes` bytes from the start; a final line says how many were left out.
    public static func render(_ bytes: [UInt8], maxBytes: Int, bytesPerLine: Int = 16) -> String {
        let shown = min(bytes.count, max(0, maxBytes))
        var out = ""
        out.reserveCapacity(shown * 4 + 64)
        var offset = 0
        while offset < shown {
            let end = min(offset + bytesPerLine, shown)
            out += hex4(offset) + " "
            for i in offset..<offset + bytesPerLine {
                out += i < end ? " " + hex2(bytes[i]) : "   "
            }
            out += "  |"
            for i in offset..<end {
                let b = bytes[i]
                out.unicodeScalars.append(b >= 0x20 && b < 0x7F ? Unicode.Scalar(b) : ".")
            }
            out += "|\n"
            offset = end
        }
        if shown < bytes.count { out += "… \(bytes.count - shown) more bytes not shown (message is \(bytes.count) bytes)\n" }
        return out
    }

    static func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
    }

    static func hex4(_ n: Int) -> String {
        let s = String(n, radix: 16)
        return s.count >= 4 ? s : String(repeating: "0", count: 4 - s.count) + s
    }
}
