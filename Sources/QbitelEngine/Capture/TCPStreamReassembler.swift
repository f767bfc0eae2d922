/// Orders one direction of a TCP connection by sequence number.
///
/// Segments are placed at their stream offset: bytes already delivered (retransmissions, the overlapping head of a
/// segment) are dropped, out-of-order segments wait until the hole before them fills, and a hole that never fills is
/// reported as a gap with its size instead of being closed silently. Waiting segments are slices of the capture, not
/// copies; their number is bounded so a lossy capture cannot hold memory without end.
struct TCPStreamReassembler {
    /// A run of new, in-order stream bytes from one segment.
    struct Delivery {
        var data: ByteSlice
        var frame: Int
        var timestamp: Timestamp
        /// The segment message this run came from (segment mode marks gaps on it).
        var messageIndex: Int
        /// Bytes missing just before this run (0 when the stream is contiguous).
        var missingBefore: Int64
    }

    private struct Waiting {
        var offset: Int64
        var data: ByteSlice
        var frame: Int
        var timestamp: Timestamp
        var messageIndex: Int
    }

    /// Out-of-order segments kept at most before the earliest one is forced out with a gap.
    static let maxWaitingSegments = 256

    /// Sequence number of stream offset 0, once known.
    private var base: UInt32?
    /// Stream offset of the next byte to deliver.
    private(set) var nextOffset: Int64 = 0
    private var waiting: [Waiting] = []
    /// Bytes dropped because they had already been delivered.
    private(set) var duplicateBytes: Int64 = 0

    var isEmpty: Bool { waiting.isEmpty }
    /// Out-of-order segments held right now.
    var waitingCount: Int { waiting.count }

    /// A SYN fixes the start of the stream when nothing came before it; returns false when it opens a new
    /// connection on the same ports (the caller then flushes and starts over).
    mutating func syn(sequence: UInt32) -> Bool {
        guard let b = base else {
            base = sequence &+ 1
            return true
        }
        return b == sequence &+ 1
    }

    /// Where a segment goes, decided without touching the waiting list.
    enum Placement {
        /// Every byte was delivered before (counted as duplicate).
        case duplicate
        /// The segment continues the stream from byte `skip` on (the bytes before it were duplicates); it is taken
        /// as delivered. `drain` says waiting segments may now be reached (call `drain`).
        case inOrder(skip: Int, drain: Bool)
        /// The segment lies beyond a hole: hand it to `add`, which keeps it waiting.
        case outOfOrder
    }

    /// The in-place part of `add` for a segment of `count` > 0 bytes: a duplicate or in-order segment is accounted
    /// for here, exactly as `add` would; the caller delivers the in-order bytes itself (and drains when told).
    mutating func place(sequence: UInt32, count: Int) -> Placement {
        if base == nil { base = sequence }
        let expected = base! &+ UInt32(truncatingIfNeeded: nextOffset)
        let offset = nextOffset + Int64(Int32(bitPattern: sequence &- expected))
        let end = offset + Int64(count)
        if end <= nextOffset {
            duplicateBytes += Int64(count)
            return .duplicate
        }
        guard offset <= nextOffset else { return .outOfOrder }
        let skip = Int(nextOffset - offset)
        duplicateBytes += Int64(skip)
        nextOffset = end
        return .inOrder(skip: skip, drain: !waiting.isEmpty)
    }

    /// Places a segment whose first data byte has sequence number `sequence`.
    mutating func add(sequence: UInt32, data: ByteSlice, frame: Int, timestamp: Timestamp, messageIndex: Int,
                      deliver: (Delivery) -> Void) {
        guard data.count > 0 else { return }
        if base == nil { base = sequence }
        let expected = base! &+ UInt32(truncatingIfNeeded: nextOffset)
        let offset = nextOffset + Int64(Int32(bitPattern: sequence &- expected))
        let end = offset + Int64(data.count)
        if end <= nextOffset {
            duplicateBytes += Int64(data.count)
            return
        }
        if offset <= nextOffset {
            let skip = Int(nextOffset - offset)
            duplicateBytes += Int64(skip)
            deliver(Delivery(data: data[skip..<data.count], frame: frame, timestamp: timestamp,
                             messageIndex: messageIndex, missingBefore: 0))
            nextOffset = end
            drain(deliver)
            return
        }
        let w = Waiting(offset: offset, data: data, frame: frame, timestamp: timestamp, messageIndex: messageIndex)
        // Keep `waiting` sorted by offset; segments mostly arrive in order, so search from the back.
        var i = waiting.count
        while i > 0 && waiting[i - 1].offset > offset { i -= 1 }
        waiting.insert(w, at: i)
        if waiting.count > Self.maxWaitingSegments { forceFirst(deliver) }
    }

    /// Delivers every waiting segment, declaring the holes before them as gaps. Called on FIN/RST and at the end.
    mutating func flush(_ deliver: (Delivery) -> Void) {
        while !waiting.isEmpty { forceFirst(deliver) }
        waiting = []
    }

    /// Gives up on the hole before the earliest waiting segment.
    private mutating func forceFirst(_ deliver: (Delivery) -> Void) {
        let w = waiting.removeFirst()
        let end = w.offset + Int64(w.data.count)
        if end <= nextOffset {
            duplicateBytes += Int64(w.data.count)
        } else if w.offset > nextOffset {
            deliver(Delivery(data: w.data, frame: w.frame, timestamp: w.timestamp, messageIndex: w.messageIndex,
                             missingBefore: w.offset - nextOffset))
            nextOffset = end
        } else {
            let skip = Int(nextOffset - w.offset)
            duplicateBytes += Int64(skip)
            deliver(Delivery(data: w.data[skip..<w.data.count], frame: w.frame, timestamp: w.timestamp,
                             messageIndex: w.messageIndex, missingBefore: 0))
            nextOffset = end
        }
        drain(deliver)
    }

    /// Delivers waiting segments that the stream has reached.
    mutating func drain(_ deliver: (Delivery) -> Void) {
        var used = 0
        while used < waiting.count && waiting[used].offset <= nextOffset {
            let w = waiting[used]
            used += 1
            let end = w.offset + Int64(w.data.count)
            if end <= nextOffset {
                duplicateBytes += Int64(w.data.count)
                continue
            }
            let skip = Int(nextOffset - w.offset)
            duplicateBytes += Int64(skip)
            deliver(Delivery(data: w.data[skip..<w.data.count], frame: w.frame, timestamp: w.timestamp,
                             messageIndex: w.messageIndex, missingBefore: 0))
            nextOffset = end
        }
        if used > 0 { waiting.removeFirst(used) }
    }
}
