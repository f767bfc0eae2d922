import Foundation

/// Appends JSON text to a byte buffer, for documents too large for `JSONEncoder` to write quickly.
///
/// The caller keeps keys in the order it wants (sorted, to match `JSONEncoder`'s `.sortedKeys`); the writer puts the
/// commas, escapes strings and formats numbers so that any JSON reader gets the same values back.
public struct JSONTextWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the innermost open object or array already has a member (so the next one needs a comma).
    private var hasMember: [Bool] = []

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    public var data: Data { Data(bytes) }

    public mutating func beginObject() { bytes.append(UInt8(ascii: "{")); hasMember.append(false) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); hasMember.removeLast() }
    public mutating func beginArray() { bytes.append(UInt8(ascii: "[")); hasMember.append(false) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); hasMember.removeLast() }

    /// Starts an array element.
    public mutating func element() { separate() }

    /// Starts an object member.
    public mutating func key(_ k: String) {
        separate()
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A value already encoded as JSON.
    public mutating func raw(_ json: Data) { bytes.append(contentsOf: json) }

    public mutating func number(_ v: Int) { bytes.append(contentsOf: String(v).utf8) }

    /// Non-finite values have no JSON form; they are written as null.
    public mutating func number(_ v: Double) {
        guard v.isFinite else { bytes.append(contentsOf: "null".utf8); return }
        if v == v.rounded(), abs(v) < 1e15 {
            bytes.append(contentsOf: String(Int64(v)).utf8)
        } else {
            bytes.append(contentsOf: v.description.utf8)
        }
    }

    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: s.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func separate() {
        guard !hasMember.isEmpty else { return }
        if hasMember[hasMember.count - 1] { bytes.append(UInt8(ascii: ",")) } else { hasMember[hasMember.count - 1] = true }
    }
}
