/// IPv4 addresses stored in little-endian (host) byte order: 4 bytes whose reversed reading equals an endpoint of the
/// capture, as programs that copy an address out of a register rather than off the wire write it.
///
/// A match is near proof per occurrence (1 in 2^32 by chance), but the reading is only tried when the network-order
/// reading does not match, and it is experimental: its confidence is capped a little below the network-order
/// detector's, yet above a per-flow session id's, which an address constant within a flow also looks like.
public enum HostOrderIPv4Detector {
    /// Highest confidence this detector reports.
    static let ceiling = 0.97

    public static func detect(_ occurrences: [FieldOccurrence], context: SemanticContext) -> SemanticFinding? {
        guard occurrences.first?.length == 4 else { return nil }
        var nonzero = 0, hostOrder = 0, networkOrder = 0
        var values = Set<UInt32>()
        for o in occurrences where o.isValid && o.length == 4 {
            let le = UInt32(truncatingIfNeeded: o.unsigned(bigEndian: false))
            if le == 0 || le == 0xFFFF_FFFF { continue }
            nonzero += 1
            let be = le.byteSwapped
            let endpoints = context.flowIPv4(of: o.message)
            if context.knownIPv4.contains(be) || endpoints.contains(be) { networkOrder += 1 }
            if be != le && (context.knownIPv4.contains(le) || endpoints.contains(le)) {
                hostOrder += 1
                if values.count < 4096 { values.insert(le) }
            }
        }
        // Network order is the network-order detector's case; palindromic values prove nothing about the order.
        guard hostOrder > 0, hostOrder > networkOrder else { return nil }
        let rate = Double(hostOrder) / Double(nonzero)
        guard rate >= 0.5 else { return nil }
        var conf = rate * ConfidenceMath.evidence(Double(hostOrder), half: 0.3) * ceiling
        if values.count == 1 { conf *= 0.85 }
        return SemanticFinding(kind: .ipv4, confidence: conf, endianness: .little,
                               note: "host-order (little-endian) address matching capture endpoints (\(ConfidenceMath.percent(rate)) of \(nonzero), \(values.count) distinct)")
    }
}
