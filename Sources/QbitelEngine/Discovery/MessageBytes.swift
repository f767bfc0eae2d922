/// A message's bytes as discovery reads them: a raw pointer into the capture's storage plus what clustering needs.
///
/// Holds a reference to the storage, so the pointer stays valid as long as the view exists.
struct MessageBytes {
    let base: UnsafePointer<UInt8>?
    let count: Int
    let direction: Direction
    /// The message's flow (its index in the capture's flow list): requests are paired with replies within it.
    let flow: Int
    private let owner: ByteStorage

    init(_ m: Message) {
        let b = m.payload.buffer
        base = b.baseAddress?.assumingMemoryBound(to: UInt8.self)
        count = b.count
        direction = m.direction
        flow = m.flowIndex
        owner = m.payload.storage
    }

    @inline(__always) subscript(i: Int) -> UInt8 { base![i] }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
