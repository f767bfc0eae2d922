/// Finds type-length-value chains: runs of items whose lengths lead from a start offset exactly to the end of a
/// region, so the lengths and the region agree.
///
/// For random bytes a layout lands exactly on the end about once per mean item length, so a chain of one item proves
/// nothing and chains of several items (better: the same layout across many messages) prove a lot.
public enum TLVChainFinder {
    /// Chains that start at `from` and end exactly at `to` (default: the end of the payload), best first.
    public static func chains(in payload: ByteSlice, from: Int, to: Int? = nil, layouts: [TLVLayout] = TLVLayout.common,
                              minItems: Int = 2) -> [TLVChain] {
        let end = to ?? payload.count
        guard from >= 0, from < end, end <= payload.count else { return [] }
        var out: [TLVChain] = []
        for layout in layouts {
            guard let items = walk(payload, from: from, to: end, layout: layout), items.count >= minItems else { continue }
            out.append(TLVChain(layout: layout, items: items, confidence: confidence(items: items, layout: layout)))
        }
        return out.sorted { $0.confidence > $1.confidence }
    }

    /// Layouts that tile `[from, end)` in most of the given payloads, with the share that tiles and a confidence that
    /// grows with the number of messages and items.
    public static func consistentLayouts(in payloads: [ByteSlice], from: Int,
                                         layouts: [TLVLayout] = TLVLayout.common) -> [(layout: TLVLayout, rate: Double, confidence: Double)] {
        let usable = payloads.prefix(500).filter { $0.count > from }
        guard !usable.isEmpty else { return [] }
        var out: [(TLVLayout, Double, Double)] = []
        for layout in layouts {
            var tiled = 0, items = 0
            for p in usable {
                if let its = walk(p, from: from, to: p.count, layout: layout) { tiled += 1; items += its.count }
            }
            guard tiled > 0 else { continue }
            let rate = Double(tiled) / Double(usable.count)
            // Each tiled message is a test passed by chance about 1 time in 30 (a layout hitting the end exactly);
            // more items per message make chance hits rarer still.
            let llr = 0.7 * (Double(tiled) * 3.4 + Double(usable.count - tiled) * ConfidenceMath.ln(0.1 / 0.97) + Double(items - tiled) * 0.5)
            let conf = ConfidenceMath.posterior(prior: 0.02, logLikelihoodRatio: Swift.min(40, llr)) * rate
            out.append((layout, rate, conf))
        }
        return out.sorted { $0.2 > $1.2 }.map { (layout: $0.0, rate: $0.1, confidence: $0.2) }
    }

    /// Follows lengths from `from`; nil unless the items end exactly at `to`.
    /// With `allowEndMarker`, the chain may also stop at one non-zero end-marker byte followed only by zero padding up
    /// to `to` (option lists that close with an end option and are padded to a fixed size).
    ///
    /// Most tries fail (boundary search walks every start and layout on many messages), so the chain is first followed
    /// without storing anything and the items are only collected for a chain that lands.
    static func walk(_ p: ByteSlice, from: Int, to: Int, layout: TLVLayout, allowEndMarker: Bool = false) -> [TLVItem]? {
        guard from >= 0, to <= p.count else { return nil }
        return p.buffer.withMemoryRebound(to: UInt8.self) { bytes -> [TLVItem]? in
            let count = follow(bytes, from: from, to: to, layout: layout, allowEndMarker: allowEndMarker, into: nil)
            guard count >= 0 else { return nil }
            var items: [TLVItem] = []
            items.reserveCapacity(count)
            _ = follow(bytes, from: from, to: to, layout: layout, allowEndMarker: allowEndMarker, into: &items)
            return items
        }
    }

    /// The number of items of a chain from `from` that lands exactly on `to` (as `walk` finds it), or -1 when none
    /// does; nothing is collected.
    static func itemCount(_ p: ByteSlice, from: Int, to: Int, layout: TLVLayout, allowEndMarker: Bool = false) -> Int {
        guard from >= 0, to <= p.count else { return -1 }
        return p.buffer.withMemoryRebound(to: UInt8.self) { bytes in
            follow(bytes, from: from, to: to, layout: layout, allowEndMarker: allowEndMarker, into: nil)
        }
    }

    /// The walk itself: the number of items of a chain that lands, or -1; appends the items when `items` is given.
    @inline(__always)
    private static func follow(_ p: UnsafeBufferPointer<UInt8>, from: Int, to: Int, layout: TLVLayout,
                               allowEndMarker: Bool, into items: UnsafeMutablePointer<[TLVItem]>?) -> Int {
        var count = 0
        var i = from
        let be = layout.endianness == .big
        let typeSize = layout.typeSize, lengthSize = layout.lengthSize, headerSize = typeSize + lengthSize
        let includesHeader = layout.lengthIncludesHeader
        @inline(__always) func u16(_ o: Int) -> UInt16 {
            be ? UInt16(p[o]) << 8 | UInt16(p[o + 1]) : UInt16(p[o + 1]) << 8 | UInt16(p[o])
        }
        while i < to {
            if allowEndMarker && count > 0 && p[i] != 0 && zeroPadded(p, from: i + 1, to: to) {
                return count
            }
            guard i + headerSize <= to else { return -1 }
            var type: UInt16 = 0
            if typeSize == 1 { type = UInt16(p[i]) } else if typeSize == 2 { type = u16(i) }
            let lo = i + typeSize
            let raw = lengthSize == 1 ? Int(p[lo]) : Int(u16(lo))
            let valueLength = includesHeader ? raw - headerSize : raw
            guard valueLength >= 0 else { return -1 }
            // Zero-length items without a type would loop forever and prove nothing.
            if typeSize == 0 && valueLength == 0 { return -1 }
            let vo = i + headerSize
            guard vo + valueLength <= to else { return -1 }
            items?.pointee.append(TLVItem(offset: i, type: type, valueOffset: vo, valueLength: valueLength))
            count += 1
            i = vo + valueLength
            if count > 4096 { return -1 }
        }
        return i == to ? count : -1
    }

    static func zeroPadded(_ p: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        var k = from
        while k < to { if p[k] != 0 { return false }; k += 1 }
        return true
    }

    static func confidence(items: [TLVItem], layout: TLVLayout) -> Double {
        let n = Double(items.count)
        // Each further item that lands inside the region and the exact final landing are the evidence.
        let llr = 0.7 * (3.4 + (n - 1) * 0.8)
        return ConfidenceMath.posterior(prior: 0.05, logLikelihoodRatio: llr) * 0.95
    }
}
