import Foundation
import QbitelEngine

/// The compact binary form of a page of per-message inferences (boundaries and fields), one blob per page.
///
/// A run of 100k messages would be 800k field rows if normalised; as pages of varints with a per-page string table
/// it saves in one pass and the workbench reads back just the page it shows. Doubles keep their exact bits so a
/// restored run equals the saved one.
enum MessagePageCodec {
    static let formatVersion: UInt8 = 2

    static func encode(_ messages: ArraySlice<MessageInference>) -> [UInt8] {
        var strings: [String: Int] = [:]
        var stringList: [String] = []
        var kinds: [FieldKind: Int] = [:]
        func intern(_ s: String) -> Int {
            if let i = strings[s] { return i }
            strings[s] = stringList.count
            stringList.append(s)
            return stringList.count - 1
        }
        var body = ByteWriter(capacity: messages.count * 256)
        // Messages of one type usually repeat the same field list: those are written once per page and referenced.
        var lastFields: [Int: [InferredField]] = [:]
        body.varint(UInt64(messages.count))
        for m in messages {
            body.varint(UInt64(m.messageIndex))
            body.varint(UInt64(m.frame))
            let typeIndex = intern(m.typeID)
            body.varint(UInt64(typeIndex))
            body.varint(UInt64(m.boundaries.count))
            var last = 0
            for b in m.boundaries {
                body.signedVarint(Int64(b - last))
                last = b
            }
            body.varint(UInt64(m.boundaryConfidence.count))
            for c in m.boundaryConfidence { body.double(c) }
            if let previous = lastFields[typeIndex], previous == m.fields {
                body.byte(1)
                continue
            }
            body.byte(0)
            lastFields[typeIndex] = m.fields
            body.varint(UInt64(m.fields.count))
            for f in m.fields {
                body.varint(UInt64(f.offset))
                body.varint(UInt64(f.length))
                let k: Int
                if let known = kinds[f.kind] { k = known } else { k = intern(f.kind.rawValue); kinds[f.kind] = k }
                body.varint(UInt64(k))
                body.double(f.confidence)
                var flags: UInt8 = 0
                if f.name != nil { flags |= 1 }
                if let e = f.endianness { flags |= e == .big ? 2 : 4 }
                if f.note != nil { flags |= 8 }
                body.byte(flags)
                if let n = f.name { body.varint(UInt64(intern(n))) }
                if let n = f.note { body.varint(UInt64(intern(n))) }
            }
        }
        var out = ByteWriter(capacity: body.bytes.count + stringList.count * 16 + 8)
        out.byte(formatVersion)
        out.varint(UInt64(stringList.count))
        for s in stringList {
            let u = Array(s.utf8)
            out.varint(UInt64(u.count))
            out.bytes.append(contentsOf: u)
        }
        out.bytes.append(contentsOf: body.bytes)
        return out.bytes
    }

    static func decode(_ data: [UInt8]) throws -> [MessageInference] {
        try data.withUnsafeBytes { raw in
            var r = ByteReader(raw)
            guard try r.byte() == formatVersion else { throw ByteReader.corrupt("unknown message page format") }
            let stringCount = try r.count()
            var strings: [String] = []
            strings.reserveCapacity(stringCount)
            for _ in 0..<stringCount { strings.append(try r.string()) }
            func str(_ i: Int) throws -> String {
                guard i < strings.count else { throw ByteReader.corrupt("string index out of range") }
                return strings[i]
            }
            var kindCache: [Int: FieldKind] = [:]
            var lastFields: [Int: [InferredField]] = [:]
            let n = try r.count()
            var out: [MessageInference] = []
            out.reserveCapacity(n)
            for _ in 0..<n {
                let index = try r.count()
                let frame = try r.count()
                let typeIndex = try r.count()
                let typeID = try str(typeIndex)
                let nb = try r.count()
                var boundaries: [Int] = []
                boundaries.reserveCapacity(nb)
                var last = 0
                for _ in 0..<nb {
                    last += Int(try r.signedVarint())
                    boundaries.append(last)
                }
                let nc = try r.count()
                var conf: [Double] = []
                conf.reserveCapacity(nc)
                for _ in 0..<nc { conf.append(try r.double()) }
                let mode = try r.byte()
                if mode == 1 {
                    guard let fields = lastFields[typeIndex] else { throw ByteReader.corrupt("field list reference without a list") }
                    out.append(MessageInference(messageIndex: index, frame: frame, typeID: typeID, boundaries: boundaries,
                                                boundaryConfidence: conf, fields: fields))
                    continue
                }
                guard mode == 0 else { throw ByteReader.corrupt("unknown field list mode") }
                let nf = try r.count()
                var fields: [InferredField] = []
                fields.reserveCapacity(nf)
                for _ in 0..<nf {
                    let offset = try r.count()
                    let length = try r.count()
                    let ki = try r.count()
                    let kind: FieldKind
                    if let k = kindCache[ki] { kind = k } else {
                        guard let k = FieldKind(rawValue: try str(ki)) else { throw ByteReader.corrupt("unknown field kind") }
                        kindCache[ki] = k
                        kind = k
                    }
                    let confidence = try r.double()
                    let flags = try r.byte()
                    let name = flags & 1 != 0 ? try str(try r.count()) : nil
                    let endianness: Endianness? = flags & 2 != 0 ? .big : (flags & 4 != 0 ? .little : nil)
                    let note = flags & 8 != 0 ? try str(try r.count()) : nil
                    fields.append(InferredField(offset: offset, length: length, kind: kind, confidence: confidence,
                                                name: name, endianness: endianness, note: note))
                }
                lastFields[typeIndex] = fields
                out.append(MessageInference(messageIndex: index, frame: frame, typeID: typeID, boundaries: boundaries,
                                            boundaryConfidence: conf, fields: fields))
            }
            return out
        }
    }
}

/// Appends varints, doubles and bytes to a growing buffer.
struct ByteWriter {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func signedVarint(_ v: Int64) {
        varint(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    mutating func double(_ d: Double) {
        let b = d.bitPattern.littleEndian
        withUnsafeBytes(of: b) { bytes.append(contentsOf: $0) }
    }
}

/// Reads what `ByteWriter` wrote, refusing truncated or out-of-range input with error 9002.
struct ByteReader {
    let buf: UnsafeRawBufferPointer
    var pos = 0

    init(_ buf: UnsafeRawBufferPointer) { self.buf = buf }

    static func corrupt(_ why: String) -> QbitelError {
        QbitelError(.workspaceCorrupt, "a stored message page is damaged: \(why)")
    }

    mutating func byte() throws -> UInt8 {
        guard pos < buf.count else { throw Self.corrupt("truncated") }
        defer { pos += 1 }
        return buf[pos]
    }

    mutating func varint() throws -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Self.corrupt("varint too long") }
            v |= UInt64(b & 0x7f) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    /// A non-negative count or index that fits comfortably in memory.
    mutating func count() throws -> Int {
        let v = try varint()
        guard v <= UInt64(Int32.max) else { throw Self.corrupt("count out of range") }
        return Int(v)
    }

    mutating func signedVarint() throws -> Int64 {
        let u = try varint()
        let v = Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
        guard v > -Int64(Int32.max) && v < Int64(Int32.max) else { throw Self.corrupt("offset out of range") }
        return v
    }

    mutating func double() throws -> Double {
        guard pos + 8 <= buf.count else { throw Self.corrupt("truncated") }
        defer { pos += 8 }
        return Double(bitPattern: UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: pos, as: UInt64.self)))
    }

    mutating func string() throws -> String {
        let n = try count()
        guard pos + n <= buf.count else { throw Self.corrupt("truncated string") }
        defer { pos += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: buf[pos..<(pos + n)]), as: UTF8.self)
    }
}
