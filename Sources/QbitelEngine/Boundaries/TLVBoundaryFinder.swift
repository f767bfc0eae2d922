/// Finds where a type's messages turn into a chain of type-length-value (or length-value) items that runs to the
/// end of each message, so that the variable-length body gets per-message boundaries instead of misaligned columns.
///
/// Every field edge the columns found before the shortest message's end, and every 4-byte-aligned offset, is tried
/// as a start, with every common layout, on a sample; a start and layout are kept only when the items land exactly
/// on the message end (optionally after one end-marker byte and zero padding) in most sampled messages, which random
/// bytes almost never do.
struct TLVBoundaryFinder {
    /// Latest start offset tried.
    var maxStart = 512
    /// Messages the search reads.
    var sampleSize = 64
    /// Share of sampled messages the chain must tile.
    var minRate = 0.8
    /// Mean number of items with a value per tiled message: one item proves little.
    var minMeanItems = 2.0
    /// Fewer messages than this give no chain.
    var minMessages = 3

    /// A chain layout that tiles the messages of a type from `start` to their end.
    struct Found: Equatable {
        var start: Int
        var layout: TLVLayout
        /// Share of the sampled messages the chain tiles.
        var rate: Double
        var meanItems: Double
    }

    /// `starts`: candidate start offsets (field edges already found, e.g. by the columns); 0 is always tried.
    func find(_ payloads: [ByteSlice], _ members: [Int], starts: [Int]) -> Found? {
        guard members.count >= minMessages else { return nil }
        let sample = KeyFieldClusterer.sample(members, size: sampleSize)
        var minLen = Int.max
        for i in sample { minLen = min(minLen, payloads[i].count) }
        guard minLen > 1 else { return nil }
        let allowedMisses = Int(Double(sample.count) * (1 - minRate))
        var best: Found? = nil
        let limit = min(minLen, maxStart)
        // Items start at a field edge; 4-byte-aligned offsets are tried too, since a constant run before the chain
        // (a magic followed by a fixed first item) can hide its start from the columns.
        let aligned = stride(from: 4, to: limit, by: 4)
        for start in Set([0] + starts.filter { $0 > 0 && $0 < limit } + aligned).sorted() {
            for layout in TLVLayout.common {
                var tiled = 0, misses = 0, items = 0, empty = 0
                for i in sample {
                    let p = payloads[i]
                    if let its = TLVChainFinder.walk(p, from: start, to: p.count, layout: layout, allowEndMarker: true) {
                        tiled += 1
                        for item in its { if item.valueLength > 0 { items += 1 } else { empty += 1 } }
                    } else {
                        misses += 1
                        if misses > allowedMisses { break }
                    }
                }
                guard misses <= allowedMisses, tiled > 0 else { continue }
                let rate = Double(tiled) / Double(sample.count), mean = Double(items) / Double(tiled)
                // Items without a value (runs of zero bytes read as type 0, length 0) prove nothing.
                guard mean >= minMeanItems, empty <= items else { continue }
                let f = Found(start: start, layout: layout, rate: rate, meanItems: mean)
                // Highest tiling share wins; then more items (chance tilings are short); then the earlier start.
                if let b = best, (b.rate, b.meanItems) >= (rate, mean) { continue }
                best = f
            }
        }
        return best
    }

    /// The boundaries the chain pins in one message (item starts, type/length and length/value edges, item ends,
    /// an end marker and its padding), or nil when the message does not follow the chain.
    func boundaries(_ payload: ByteSlice, _ found: Found) -> [Int]? {
        guard found.start < payload.count,
              let items = TLVChainFinder.walk(payload, from: found.start, to: payload.count, layout: found.layout,
                                              allowEndMarker: true), !items.isEmpty else { return nil }
        var out: [Int] = []
        for item in items {
            out.append(item.offset)
            if found.layout.typeSize > 0 { out.append(item.offset + found.layout.typeSize) }
            out.append(item.valueOffset)
            out.append(item.end)
        }
        // An end marker closes the list: it is one field and the zero padding after it another.
        if let last = items.last, last.end < payload.count {
            out.append(last.end + 1)
        }
        return out.filter { $0 > 0 && $0 < payload.count }
    }
}
