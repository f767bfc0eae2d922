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

    /// Starts an object member whose name is written in the source and needs no escaping: its bytes go in as they are.
    public mutating func key(literal k: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A value already encoded as JSON.
    public mutating func raw(_ json: Data) { bytes.append(contentsOf: json) }

    /// Digits written straight into the buffer (no intermediate `String`).
    public mutating func number(_ v: Int) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: m % 10))
            m /= 10
        } while m > 0
        bytes[start...].reverse()
    }

    /// Non-finite values have no JSON form; they are written as null. The text is `Double.description`'s (integral
    /// values without the `.0`). The thousandths between 0 and 1 that confidences are rounded to are written digit
    /// by digit: their shortest round-trip form is `0.` and the three decimals without trailing zeros.
    public mutating func number(_ v: Double) {
        guard v.isFinite else { bytes.append(contentsOf: "null".utf8); return }
        if v == v.rounded(), abs(v) < 1e15 { number(Int(v)); return }
        let k = (v * 1000).rounded()
        guard v > 0, v < 1, k / 1000 == v else {
            bytes.append(contentsOf: v.description.utf8)
            return
        }
        var n = Int(k), digits = 3
        while n % 10 == 0 { n /= 10; digits -= 1 }
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "."))
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: n / divisor % 10))
            divisor /= 10
        }
    }

    /// A JSON string: the bytes are copied in one piece unless a quote, backslash or control character needs escaping.
    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            Array(s.utf8).withUnsafeBufferPointer { appendEscaped($0) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ u: UnsafeBufferPointer<UInt8>) {
        let special: (UInt8) -> Bool = { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard let first = u.firstIndex(where: special) else {
            bytes.append(contentsOf: u)
            return
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[..<first]))
        for b in u[first...] {
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
    }

    private mutating func separate() {
        guard !hasMember.isEmpty else { return }
        if hasMember[hasMember.count - 1] { bytes.append(UInt8(ascii: ",")) } else { hasMember[hasMember.count - 1] = true }
    }
}
