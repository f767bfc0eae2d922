/// Bounds-checked integer reads; callers check `count` first, these only assemble bytes.
extension ByteSlice {
    @inlinable public func u8(_ o: Int) -> UInt8 { self[o] }
    @inlinable public func u16be(_ o: Int) -> UInt16 { UInt16(self[o]) << 8 | UInt16(self[o + 1]) }
    @inlinable public func u16le(_ o: Int) -> UInt16 { UInt16(self[o + 1]) << 8 | UInt16(self[o]) }
    @inlinable public func u32be(_ o: Int) -> UInt32 {
        UInt32(self[o]) << 24 | UInt32(self[o + 1]) << 16 | UInt32(self[o + 2]) << 8 | UInt32(self[o + 3])
    }
    @inlinable public func u32le(_ o: Int) -> UInt32 {
        UInt32(self[o + 3]) << 24 | UInt32(self[o + 2]) << 16 | UInt32(self[o + 1]) << 8 | UInt32(self[o])
    }
    @inlinable public func u16(_ o: Int, bigEndian: Bool) -> UInt16 { bigEndian ? u16be(o) : u16le(o) }
    @inlinable public func u32(_ o: Int, bigEndian: Bool) -> UInt32 { bigEndian ? u32be(o) : u32le(o) }
    @inlinable public func u64(_ o: Int, bigEndian: Bool) -> UInt64 {
        let a = UInt64(u32(o, bigEndian: bigEndian)), b = UInt64(u32(o + 4, bigEndian: bigEndian))
        return bigEndian ? (a << 32 | b) : (b << 32 | a)
    }
}
