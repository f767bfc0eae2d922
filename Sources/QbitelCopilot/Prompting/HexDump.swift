/// Renders bytes as offset-labelled hex lines (`0010  01 02 … |..|`), bounded so a huge message cannot fill a prompt.
public enum HexDump {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// At most `maxBytes` bytes from the start; a final line says how many were left out.
    public static func render(_ bytes: [UInt8], maxBytes: Int, bytesPerLine: Int = 16) -> String {
        let shown = min(bytes.count, max(0, maxBytes))
        var out: [UInt8] = []
        out.reserveCapacity((shown / max(bytesPerLine, 1) + 1) * (8 + bytesPerLine * 4) + 64)
        var offset = 0
        while offset < shown {
            let end = min(offset + bytesPerLine, shown)
            let width = max(4, String(offset, radix: 16).count)
            for shift in stride(from: (width - 1) * 4, through: 0, by: -4) { out.append(digits[(offset >> shift) & 0xF]) }
            out.append(0x20)
            for i in offset..<offset + bytesPerLine {
                out.append(0x20)
                if i < end {
                    out.append(digits[Int(bytes[i] >> 4)])
                    out.append(digits[Int(bytes[i] & 0xF)])
                } else {
                    out.append(0x20)
                    out.append(0x20)
                }
            }
            out.append(contentsOf: [0x20, 0x20, 0x7C])
            for i in offset..<end {
                let b = bytes[i]
                out.append(b >= 0x20 && b < 0x7F ? b : 0x2E)
            }
            out.append(contentsOf: [0x7C, 0x0A])
            offset = end
        }
        var text = String(decoding: out, as: UTF8.self)
        if shown < bytes.count { text += "… \(bytes.count - shown) more bytes not shown (message is \(bytes.count) bytes)\n" }
        return text
    }
}
