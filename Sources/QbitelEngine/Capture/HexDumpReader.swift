/// Reads messages from text hex dumps: `xxd` output, `hexdump -C` output, or plain hex with one message per line.
///
/// The style is decided by the first meaningful line. In `xxd` and `hexdump -C` dumps a message ends at a blank
/// line, at an offset that restarts from 0, or (hexdump) at the closing offset-only line; `*` repeat lines of
/// `hexdump -C` are expanded. In plain dumps every non-blank line is one message and spaces are ignored. Lines
/// starting with `#` are comments. A line that cannot be read is error 1017 with its line number.
public struct HexDumpReader: Sendable {
    public enum Style: String, Sendable { case xxd, hexdumpC = "hexdump-C", plain }

    public let bytes: ByteSlice
    public let style: Style

    /// Bytes looked at to decide whether input is text at all.
    static let sniffLength = 4096

    /// The style of `b` when it looks like a hex dump, nil otherwise (binary data or other text).
    public static func detect(_ b: ByteSlice) -> Style? {
        b.withUnsafeBytes { buf -> Style? in
            let n = Swift.min(buf.count, sniffLength)
            for i in 0..<n {
                let c = buf[i]
                if !(c >= 0x20 && c < 0x7F) && c != 0x0A && c != 0x0D && c != 0x09 { return nil }
            }
            var result: Style?
            Self.forEachLine(buf) { line, _, _ in
                let l = trimmed(line)
                if l.isEmpty || l[l.startIndex] == UInt8(ascii: "#") { return true }
                result = styleOf(l)
                return false
            }
            return result
        }
    }

    /// Fails with 1005 when `bytes` is not a hex dump of a known style.
    public init(_ bytes: ByteSlice) throws {
        guard let s = Self.detect(bytes) else {
            throw QbitelError(.unknownFormat, "not a pcap, pcapng or hex dump", offset: 0)
        }
        self.bytes = bytes
        self.style = s
    }

    /// Decodes every message. All messages share one owned buffer.
    public func readMessages() throws -> [ByteSlice] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 3)
        var bounds: [Range<Int>] = []
        var state = DumpState()
        var failure: QbitelError?
        bytes.withUnsafeBytes { buf in
            Self.forEachLine(buf) { line, number, offset in
                do {
                    try parse(Self.trimmed(line), number: number, offset: offset, out: &out, bounds: &bounds, state: &state)
                    return true
                } catch let e as QbitelError {
                    failure = e
                    return false
                } catch {
                    failure = QbitelError(.badHexDump, "line \(number): \(error)", offset: offset)
                    return false
                }
            }
        }
        if let failure { throw failure }
        if state.expectingEnd {
            throw QbitelError(.badHexDump, "hex dump ends after a '*' line without the closing offset",
                              offset: bytes.count)
        }
        state.close(out.count, &bounds)
        let storage = ByteStorage(out)
        return bounds.map { ByteSlice(storage: storage, start: $0.lowerBound, count: $0.count) }
    }

    /// Where the message being read started and what the last dump line held.
    private struct DumpState {
        var messageStart = 0
        var lastLine: [UInt8] = []
        var expectingEnd = false
        /// Bytes produced by `*` lines so far, across the whole dump (bounded so a tiny file cannot claim gigabytes).
        var repeatedBytes = 0

        mutating func close(_ end: Int, _ bounds: inout [Range<Int>]) {
            if end > messageStart { bounds.append(messageStart..<end) }
            messageStart = end
            lastLine = []
            expectingEnd = false
        }
    }

    private func parse(_ l: Slice<UnsafeRawBufferPointer>, number: Int, offset: Int, out: inout [UInt8],
                       bounds: inout [Range<Int>], state: inout DumpState) throws {
        func bad(_ why: String) -> QbitelError {
            QbitelError(.badHexDump, "line \(number): \(why)", offset: offset, details: ["line": "\(number)"])
        }
        if l.isEmpty {
            if state.expectingEnd { throw bad("blank line after '*' where the closing offset belongs") }
            state.close(out.count, &bounds)
            return
        }
        if l[l.startIndex] == UInt8(ascii: "#") { return }
        switch style {
        case .plain:
            let start = out.count
            var high: UInt8?
            for c in l {
                if c == 0x20 || c == 0x09 { continue }
                guard let v = Self.hexValue(c) else { throw bad("'\(Character(Unicode.Scalar(c)))' is not a hex digit") }
                if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
            }
            if high != nil { out.removeLast(out.count - start); throw bad("odd number of hex digits") }
            state.messageStart = start
            state.close(out.count, &bounds)
        case .xxd:
            var i = l.startIndex
            var dumpOffset = 0
            var digits = 0
            while i < l.endIndex, let v = Self.hexValue(l[i]) {
                guard digits < 15 else { throw bad("offset too long") }
                dumpOffset = dumpOffset << 4 | Int(v); i += 1; digits += 1
            }
            guard digits > 0, i < l.endIndex, l[i] == UInt8(ascii: ":") else { throw bad("expected 'OFFSET:' as in xxd output") }
            i += 1
            try follow(dumpOffset, out: &out, bounds: &bounds, state: &state, bad)
            // Groups of hex digits separated by one space; two spaces start the text column.
            var line: [UInt8] = []
            while i < l.endIndex && l[i] == 0x20 {
                if i + 1 < l.endIndex && l[i + 1] == 0x20 { break }
                i += 1
                var high: UInt8?
                var any = false
                while i < l.endIndex, let v = Self.hexValue(l[i]) {
                    if let h = high { line.append(h << 4 | v); high = nil } else { high = v }
                    i += 1; any = true
                }
                guard any, high == nil else { throw bad("hex group with an odd number of digits or none") }
            }
            if i < l.endIndex && l[i] != 0x20 { throw bad("unexpected '\(Character(Unicode.Scalar(l[i])))' in the hex column") }
            out += line
        case .hexdumpC:
            var i = l.startIndex
            var dumpOffset = 0
            var digits = 0
            while i < l.endIndex, let v = Self.hexValue(l[i]) {
                guard digits < 15 else { throw bad("offset too long") }
                dumpOffset = dumpOffset << 4 | Int(v); i += 1; digits += 1
            }
            if digits == 0 {
                if l.count == 1 && l[i] == UInt8(ascii: "*") {
                    guard !state.lastLine.isEmpty else { throw bad("'*' without a line to repeat") }
                    state.expectingEnd = true
                    return
                }
                throw bad("expected an offset as in hexdump -C output")
            }
            try follow(dumpOffset, out: &out, bounds: &bounds, state: &state, bad)
            if i == l.endIndex {
                // Offset alone: the end of one dump.
                state.close(out.count, &bounds)
                return
            }
            var line: [UInt8] = []
            while i < l.endIndex && l[i] != UInt8(ascii: "|") {
                if l[i] == 0x20 { i += 1; continue }
                guard i + 1 < l.endIndex, let h = Self.hexValue(l[i]), let v = Self.hexValue(l[i + 1]),
                      i + 2 == l.endIndex || l[i + 2] == 0x20 else {
                    throw bad("expected two-digit hex bytes before the '|' column")
                }
                line.append(h << 4 | v)
                i += 2
            }
            guard !line.isEmpty else { throw bad("no bytes on the line") }
            out += line
            state.lastLine = line
        }
    }

    /// Checks a dump line's offset against the bytes read so far: 0 starts a new message, `*` repeats are filled in,
    /// anything else must continue the current message.
    private func follow(_ dumpOffset: Int, out: inout [UInt8], bounds: inout [Range<Int>], state: inout DumpState,
                        _ bad: (String) -> QbitelError) throws {
        var have = out.count - state.messageStart
        if state.expectingEnd {
            let repeatLength = state.lastLine.count
            guard dumpOffset > have, (dumpOffset - have) % repeatLength == 0 else {
                throw bad("offset 0x\(String(dumpOffset, radix: 16)) does not close the '*' repeat")
            }
            state.repeatedBytes += dumpOffset - have
            guard state.repeatedBytes <= CaptureLimits.maxHexRepeat else {
                throw bad("'*' repeats stand for more than \(CaptureLimits.maxHexRepeat / 1_048_576) MiB in all")
            }
            // Grow once, then fill by doubling the already repeated run inside the buffer: a few large copies, and no
            // slice of `out` alive while it grows (that would copy the whole buffer on every step).
            let needed = dumpOffset - have
            let start = out.count
            let line = state.lastLine
            out.append(contentsOf: repeatElement(0, count: needed))
            out.withUnsafeMutableBytes { buf in
                let base = buf.baseAddress! + start
                line.withUnsafeBytes { base.copyMemory(from: $0.baseAddress!, byteCount: repeatLength) }
                var filled = repeatLength
                while filled < needed {
                    let n = Swift.min(filled, needed - filled)
                    (base + filled).copyMemory(from: base, byteCount: n)
                    filled += n
                }
            }
            state.expectingEnd = false
            return
        }
        if dumpOffset == 0 && have > 0 {
            state.close(out.count, &bounds)
            have = 0
        }
        guard dumpOffset == have else {
            throw bad("offset 0x\(String(dumpOffset, radix: 16)) does not follow 0x\(String(have, radix: 16))")
        }
    }

    static func styleOf(_ l: Slice<UnsafeRawBufferPointer>) -> Style? {
        var i = l.startIndex
        while i < l.endIndex, hexValue(l[i]) != nil { i += 1 }
        let digits = i - l.startIndex
        if digits > 0, i + 1 < l.endIndex, l[i] == UInt8(ascii: ":"), l[i + 1] == 0x20 { return .xxd }
        if digits >= 7, i + 3 < l.endIndex, l[i] == 0x20, l[i + 1] == 0x20, hexValue(l[i + 2]) != nil,
           hexValue(l[i + 3]) != nil, l.contains(UInt8(ascii: "|")) { return .hexdumpC }
        var count = 0
        for c in l {
            if hexValue(c) != nil { count += 1 } else if c != 0x20 && c != 0x09 { return nil }
        }
        return count >= 2 ? .plain : nil
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Drops leading/trailing spaces, tabs and a CR.
    static func trimmed(_ l: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var lo = l.startIndex, hi = l.endIndex
        while hi > lo, l[hi - 1] == 0x20 || l[hi - 1] == 0x09 || l[hi - 1] == 0x0D { hi -= 1 }
        while lo < hi, l[lo] == 0x20 || l[lo] == 0x09 { lo += 1 }
        return l[lo..<hi]
    }

    /// Calls `body(line, 1-based number, byte offset)` per line until it returns false.
    static func forEachLine(_ buf: UnsafeRawBufferPointer,
                            _ body: (Slice<UnsafeRawBufferPointer>, Int, Int) -> Bool) {
        var start = 0
        var number = 0
        while start < buf.count {
            var end = start
            while end < buf.count && buf[end] != 0x0A { end += 1 }
            number += 1
            if !body(buf[start..<end], number, start) { return }
            start = end + 1
        }
    }
}
