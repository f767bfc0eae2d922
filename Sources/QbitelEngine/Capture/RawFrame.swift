/// One frame as a capture file stores it, before any protocol decoding.
public struct RawFrame: Sendable {
    /// 1-based, counting every frame of the file across pcapng sections.
    public var number: Int
    public var timestamp: Timestamp
    public var linkType: UInt32
    /// The captured bytes (may be shorter than the frame on the wire).
    public var data: ByteSlice
    public var originalLength: Int
    /// Offset of the record in the file, for error messages.
    public var fileOffset: Int
}

/// Limits that keep hostile files from costing memory or time.
public enum CaptureLimits {
    /// Larger records are rejected (error 1008).
    public static let maxRecordLength = 256 * 1024
    /// The `*` lines of one `hexdump -C` input may stand for at most this many bytes in all (error 1017 beyond).
    public static let maxHexRepeat = 16 * 1024 * 1024
    /// One file of a message folder may hold at most this many bytes (error 1018 beyond).
    public static let maxFolderMessage = 10 * 1024 * 1024
}
