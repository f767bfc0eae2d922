/// Receives the frames of a capture file as the reader frames them, in file order.
///
/// A frame is handed over as a range of the file's bytes (which the sink was given once) rather than as a
/// `RawFrame`, and readers are generic over the sink, so the record loop, the decoder and the assembler compile into
/// one loop: no closure call, no slice (and reference count) and no intermediate values per frame.
protocol FrameSink {
    /// `start` and `count` are the captured bytes' range in the file's bytes; `fileOffset` is the record's, for
    /// messages.
    mutating func frame(number: Int, timestamp: Timestamp, linkType: UInt32, start: Int, count: Int,
                        originalLength: Int, fileOffset: Int) throws
}

/// Hands each frame to a closure as a `RawFrame`: the readers' public `forEachFrame`.
struct RawFrameSink: FrameSink {
    let bytes: ByteSlice
    let body: (RawFrame) throws -> Void

    mutating func frame(number: Int, timestamp: Timestamp, linkType: UInt32, start: Int, count: Int,
                        originalLength: Int, fileOffset: Int) throws {
        try body(RawFrame(number: number, timestamp: timestamp, linkType: linkType, data: bytes[start..<(start + count)],
                          originalLength: originalLength, fileOffset: fileOffset))
    }
}
