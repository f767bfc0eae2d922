import QbitelEngine

/// Deterministic discovery results of any size, for the store benchmark and the crash-safety harness: the same seed
/// always gives the same result, so a reader can check that what was saved came back whole.
public enum SyntheticDiscovery {
    /// A result with `messageCount` messages spread over `typeCount` types, `fieldsPerMessage` fields each.
    public static func result(seed: UInt64, messageCount: Int, typeCount: Int = 12, fieldsPerMessage: Int = 8) -> DiscoveryResult {
        var rng = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            rng ^= rng << 13
            rng ^= rng >> 7
            rng ^= rng << 17
            return rng
        }
        let kinds = FieldKind.allCases
        let types = max(typeCount, 1)
        var layouts: [[InferredField]] = []
        for t in 0..<types {
            var offset = 0
            var fields: [InferredField] = []
            for f in 0..<fieldsPerMessage {
                let length = [1, 2, 4, 8][Int(next() % 4)]
                let kind = kinds[Int(next() % UInt64(kinds.count))]
                fields.append(InferredField(offset: offset, length: length, kind: kind,
                                            confidence: Double(next() % 1000) / 1000, name: f == 0 ? "t\(t)_tag" : nil,
                                            endianness: length > 1 ? (next() % 2 == 0 ? .big : .little) : nil,
                                            note: f % 3 == 0 ? "detector note \(f) of type \(t)" : nil))
                offset += length
            }
            layouts.append(fields)
        }
        var counts = [Int](repeating: 0, count: types)
        var messages: [MessageInference] = []
        messages.reserveCapacity(messageCount)
        for i in 0..<messageCount {
            let t = Int(next() % UInt64(types))
            counts[t] += 1
            var fields = layouts[t]
            for j in fields.indices where fields[j].kind == .counter || fields[j].kind == .timestamp {
                fields[j].confidence = Double(next() % 1000) / 1000
            }
            let length = (fields.last?.end ?? 0) + Int(next() % 16)
            var boundaries = [0] + fields.map(\.end)
            if boundaries.last != length { boundaries.append(length) }
            let inner = max(boundaries.count - 2, 0)
            messages.append(MessageInference(messageIndex: i, frame: i + 1, typeID: "T\(t + 1)", boundaries: boundaries,
                                             boundaryConfidence: (0..<inner).map { _ in Double(next() % 100) / 100 },
                                             fields: fields))
        }
        let infos = (0..<types).map {
            MessageTypeInfo(id: "T\($0 + 1)", count: counts[$0], confidence: 0.5 + Double($0 % 5) / 10,
                            rule: "key field at 0 = 0x\(String($0, radix: 16))", fields: layouts[$0])
        }
        return DiscoveryResult(captureName: "synthetic-\(seed).pcap", messages: messages, types: infos,
                               timingsMS: ["cluster": Double(seed % 97), "boundaries": 12.5, "semantics": 3.25], isText: false)
    }

    /// A capture identity for a synthetic result (no file behind it).
    public static func identity(seed: UInt64) -> CaptureIdentity {
        let hash = SHA256Hash.hex(Array("synthetic capture \(seed)".utf8))
        return CaptureIdentity(fingerprint: FileFingerprint(path: "/synthetic/capture-\(seed).pcap", sha256: hash, size: Int64(seed),
                                                            modified: 0, inode: 0),
                               format: "pcap", linkTypes: [1], firstTime: 1_700_000_000, lastTime: 1_700_000_060,
                               frameCount: 10, messageCount: 10)
    }
}
