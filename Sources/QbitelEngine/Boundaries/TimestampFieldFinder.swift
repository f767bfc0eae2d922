/// Timestamps found before the field edges are: 4- and 8-byte values that read as a time close to each message's
/// capture time (`TimestampDetector`), so the whole number is one field.
///
/// A clock's bytes change at very different rates (fixed high bytes, busy low bytes), and column rules cut a
/// number exactly there. A value within two days of the capture time in some epoch and resolution is rare by chance
/// (under 1e-4 for 4 random bytes), so agreeing messages pin the field's two ends and nothing inside it.
struct TimestampFieldFinder {
    /// Messages of a type read per offset.
    var sampleSize = 64
    /// Offsets looked at from the message start.
    var maxOffset = 128
    /// Detector confidence a timestamp needs to pin a field.
    static let minConfidence = 0.8
    /// Confidence of a pinned timestamp's two edges.
    static let confidence = 0.75

    struct Found: Equatable {
        var offset: Int
        var width: Int
    }

    func find(_ messages: [Message], _ members: [Int], context: SemanticContext) -> [Found] {
        guard context.hasWallClockTime else { return [] }
        let sample = KeyFieldClusterer.sample(members, size: sampleSize)
        guard sample.count >= 3 else { return [] }
        let shortest = sample.map { messages[$0].length }.min() ?? 0
        var found: [Found] = []
        var covered = 0
        for offset in 0..<max(0, min(maxOffset, shortest - 3)) where offset >= covered {
            for width in [8, 4] where offset + width <= shortest {
                guard Self.mayBeTime(messages[sample[0]], offset: offset, width: width) else { continue }
                let occurrences = sample.map { FieldOccurrence(message: messages[$0], offset: offset, length: width) }
                guard let f = TimestampDetector.detect(occurrences, context: context), f.confidence >= Self.minConfidence,
                      let encoding = f.timestampEncoding, Self.hasBusyFraction(occurrences, encoding, f.endianness) else { continue }
                found.append(Found(offset: offset, width: width))
                covered = offset + width
                break
            }
        }
        return found
    }

    /// A cheap screen on one message: some encoding of these bytes lands within the detector's tolerance of its time.
    static func mayBeTime(_ m: Message, offset: Int, width: Int) -> Bool {
        let occ = FieldOccurrence(message: m, offset: offset, length: width)
        for be in [true, false] {
            let raw = occ.unsigned(bigEndian: be)
            for e in TimestampEncoding.allCases where e.size == width {
                if let t = e.unixSeconds(raw), abs(t - m.timestamp.timeInterval) <= TimestampDetector.tolerance { return true }
            }
        }
        return false
    }

    /// For 32.32 fixed-point readings, the fraction's top byte must be busy: a 4-byte time followed by a small
    /// count (microseconds, a sequence number) reads as a fixed-point time as well, but is two fields.
    static func hasBusyFraction(_ occ: [FieldOccurrence], _ encoding: TimestampEncoding, _ endianness: Endianness?) -> Bool {
        guard encoding == .ntp64 || encoding == .unixFixed64 else { return true }
        let be = endianness != .little
        var values = Set<UInt8>(), set = 0
        for o in occ {
            let raw = o.unsigned(bigEndian: be)
            guard raw != 0 else { continue }
            set += 1
            values.insert(UInt8(truncatingIfNeeded: raw >> 24))
        }
        return set >= 3 && 2 * values.count >= set
    }
}
