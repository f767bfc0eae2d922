/// Puts fragmented IPv4 datagrams back together, keyed by (source, destination, id, protocol).
///
/// Completed datagrams are copied into fresh storage: the fragments are not contiguous in the file.
struct IPv4Reassembler {
    private struct Key: Hashable { var src: IPAddress; var dst: IPAddress; var id: UInt16; var proto: UInt8 }
    private struct Pending { var pieces: [(offset: Int, data: ByteSlice)] = []; var total: Int?; var firstFrame: Int }
    private var pending: [Key: Pending] = [:]

    /// The maximum size of a reassembled datagram; larger claims are dropped as malformed.
    static let maxDatagram = 65_535

    /// Adds a fragment; returns the whole payload when the datagram is complete.
    mutating func add(_ f: IPv4Fragment, frame: Int, warnings: inout [CaptureWarning]) -> (ByteSlice, Int)? {
        let key = Key(src: f.source, dst: f.destination, id: f.identification, proto: f.protocol)
        var p = pending[key] ?? Pending(firstFrame: frame)
        guard f.offset + f.data.count <= Self.maxDatagram else {
            warnings.append(CaptureWarning(.malformedPacket, "IPv4 fragment past 65535 bytes", frame: frame))
            return nil
        }
        for (o, d) in p.pieces {
            let lo = Swift.max(o, f.offset), hi = Swift.min(o + d.count, f.offset + f.data.count)
            if lo < hi && d[(lo - o)..<(hi - o)] != f.data[(lo - f.offset)..<(hi - f.offset)] {
                warnings.append(CaptureWarning(.overlappingFragments,
                                               "IPv4 fragments of id \(f.identification) overlap with different bytes",
                                               frame: frame))
                break
            }
        }
        p.pieces.append((f.offset, f.data))
        if !f.moreFragments { p.total = f.offset + f.data.count }
        pending[key] = p
        guard let total = p.total else { return nil }
        var covered = 0
        for (o, d) in p.pieces.sorted(by: { $0.offset < $1.offset }) {
            if o > covered { return nil }
            covered = Swift.max(covered, o + d.count)
        }
        guard covered >= total else { return nil }
        var out = [UInt8](repeating: 0, count: total)
        // Earlier pieces win on overlap, as most stacks do.
        for (o, d) in p.pieces.reversed() {
            for i in 0..<d.count where o + i < total { out[o + i] = d[i] }
        }
        pending[key] = nil
        return (ByteSlice(out), p.firstFrame)
    }

    var incompleteCount: Int { pending.count }
}
