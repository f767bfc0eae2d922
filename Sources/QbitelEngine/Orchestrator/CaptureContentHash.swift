/// The SHA-256 that names a capture's content, whatever its path.
public enum CaptureContentHash {
    /// Hex SHA-256 of the capture file's bytes when the messages still point into them (the usual, zero-copy case);
    /// otherwise of the message payloads, each preceded by its 4-byte length.
    public static func compute(_ capture: Capture) -> String {
        var h = SHA256Hash()
        if let first = capture.messages.first?.payload.storage, first.count == capture.byteCount,
           capture.messages.allSatisfy({ $0.payload.storage === first }) {
            h.update(first.buffer)
        } else {
            for m in capture.messages {
                let n = UInt32(truncatingIfNeeded: m.length)
                h.update([UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)])
                h.update(m.payload.buffer)
            }
        }
        return Hex.encode(h.finalize())
    }
}
