/// Which bytes of a message a checksum covers, relative to the checksum field.
public enum ChecksumCoverage: Sendable, Codable, Equatable, Hashable {
    /// From `start` up to the field (a header checksum, a block CRC, a trailer over the whole message when start = 0).
    case before(start: Int)
    /// From just after the field to the end of the message.
    case after
    /// The whole message without the field (for the Internet checksum: with the field taken as zero).
    case allButField

    public var description: String {
        switch self {
        case .before(let s): return "bytes \(s)..<field"
        case .after: return "bytes after the field"
        case .allButField: return "whole message but the field"
        }
    }
}

/// A checksum as found: algorithm, covered bytes and the byte order it is stored in.
public struct ChecksumSpec: Sendable, Codable, Equatable {
    public var algorithm: ChecksumAlgorithm
    public var coverage: ChecksumCoverage
    public var endianness: Endianness

    public init(algorithm: ChecksumAlgorithm, coverage: ChecksumCoverage, endianness: Endianness) {
        self.algorithm = algorithm
        self.coverage = coverage
        self.endianness = endianness
    }

    /// The covered bytes of `message` for a field at `offset`/`length`, nil when the range is empty or outside.
    public func coveredParts(of payload: ByteSlice, fieldOffset: Int, fieldLength: Int) -> [ByteSlice]? {
        let end = fieldOffset + fieldLength
        guard fieldOffset >= 0, end <= payload.count else { return nil }
        switch coverage {
        case .before(let s):
            guard s >= 0, s < fieldOffset else { return nil }
            return [payload[s..<fieldOffset]]
        case .after:
            guard end < payload.count else { return nil }
            return [payload[end..<payload.count]]
        case .allButField:
            guard payload.count > fieldLength else { return nil }
            return [payload[0..<fieldOffset], payload[end..<payload.count]]
        }
    }

    /// The covered bytes as at most two ranges of the payload (the second empty unless the field sits inside),
    /// nil when the range is empty or outside: `coveredParts` without building slices.
    func coveredRanges(payloadCount: Int, fieldOffset: Int, fieldLength: Int) -> (Range<Int>, Range<Int>)? {
        let end = fieldOffset + fieldLength
        guard fieldOffset >= 0, end <= payloadCount else { return nil }
        switch coverage {
        case .before(let s):
            guard s >= 0, s < fieldOffset else { return nil }
            return (s..<fieldOffset, 0..<0)
        case .after:
            guard end < payloadCount else { return nil }
            return (end..<payloadCount, 0..<0)
        case .allButField:
            guard payloadCount > fieldLength else { return nil }
            return (0..<fieldOffset, end..<payloadCount)
        }
    }

    /// True when the field holds the checksum of its covered bytes.
    public func verifies(_ payload: ByteSlice, fieldOffset: Int, fieldLength: Int) -> Bool {
        guard fieldLength == algorithm.width,
              let (first, second) = coveredRanges(payloadCount: payload.count, fieldOffset: fieldOffset,
                                                  fieldLength: fieldLength) else { return false }
        var stored: UInt32 = 0
        let be = endianness == .big
        for i in 0..<fieldLength {
            let b = UInt32(payload[fieldOffset + (be ? i : fieldLength - 1 - i)])
            stored = stored << 8 | b
        }
        let bytes = payload.buffer
        return algorithm.compute(UnsafeRawBufferPointer(rebasing: bytes[first]),
                                 UnsafeRawBufferPointer(rebasing: bytes[second])) == stored
    }
}
