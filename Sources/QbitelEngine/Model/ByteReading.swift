/// Bounds-checked integer reads; callers check `count` first. One range check and one unaligned load per read,
/// because these run several times per frame on the hot ingest path.
extension ByteSlice {
    @inlinable public func u8(_ o: Int) -> UInt8 { self[o] }

    @inlinable func load<T: FixedWidthInteger>(_ o: Int, as: T.Type) -> T {
        precondition(o >= 0 && o <= count - MemoryLayout<T>.size, "read out of range")
        return storage.base.loadUnaligned(fromByteOffset: start + o, as: T.self)
    }

    @inlinable public func u16be(_ o: Int) -> UInt16 { UInt16(bigEndian: load(o, as: UInt16.self)) }
    @inlinable public func u16le(_ o: Int) -> UInt16 { UInt16(littleEndian: load(o, as: UInt16.self)) }
    @inlinable public func u32be(_ o: Int) -> UInt32 { UInt32(bigEndian: load(o, as: UInt32.self)) }
    @inlinable public func u32le(_ o: Int) -> UInt32 { UInt32(littleEndian: load(o, as: UInt32.self)) }
    @inlinable public func u16(_ o: Int, bigEndian: Bool) -> UInt16 { bigEndian ? u16be(o) : u16le(o) }
    @inlinable public func u32(_ o: Int, bigEndian: Bool) -> UInt32 { bigEndian ? u32be(o) : u32le(o) }
    @inlinable public func u64(_ o: Int, bigEndian: Bool) -> UInt64 {
        let v = load(o, as: UInt64.self)
        return bigEndian ? UInt64(bigEndian: v) : UInt64(littleEndian: v)
    }
}
