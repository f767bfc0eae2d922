#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Immutable bytes that many messages share: a memory-mapped capture file or an owned buffer.
///
/// Messages keep a `ByteSlice` into one of these instead of copying their payload, so a 1 GB capture costs its
/// mapping, not a second copy. The storage never changes after creation, which is what makes it `Sendable`.
public final class ByteStorage: @unchecked Sendable {
    public let base: UnsafeRawPointer
    public let count: Int
    private let release: (@Sendable () -> Void)?

    /// Copies `bytes` into storage owned by this object.
    public init(_ bytes: [UInt8]) {
        let n = Swift.max(bytes.count, 1)
        let p = UnsafeMutableRawPointer.allocate(byteCount: n, alignment: 16)
        bytes.withUnsafeBytes { src in
            if let b = src.baseAddress { p.copyMemory(from: b, byteCount: bytes.count) }
        }
        self.base = UnsafeRawPointer(p)
        self.count = bytes.count
        let addr = UInt(bitPattern: p)
        self.release = { UnsafeMutableRawPointer(bitPattern: addr)?.deallocate() }
    }

    /// Allocates `count` owned bytes and lets `fill` write them once, without an intermediate array.
    public init(count: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) {
        let p = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 16)
        fill(UnsafeMutableRawBufferPointer(start: p, count: count))
        self.base = UnsafeRawPointer(p)
        self.count = count
        let addr = UInt(bitPattern: p)
        self.release = { UnsafeMutableRawPointer(bitPattern: addr)?.deallocate() }
    }

    /// Wraps memory that someone else owns; `release` runs when the storage goes away.
    public init(pointer: UnsafeRawPointer, count: Int, release: (@Sendable () -> Void)?) {
        self.base = pointer
        self.count = count
        self.release = release
    }

    deinit { release?() }

    public var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    public var whole: ByteSlice { ByteSlice(storage: self, start: 0, count: count) }
}

/// A window on `ByteStorage`: the payload of one message, zero-copy.
public struct ByteSlice: Sendable, RandomAccessCollection, Equatable, Hashable {
    public let storage: ByteStorage
    public let start: Int
    public let count: Int

    public init(storage: ByteStorage, start: Int, count: Int) {
        precondition(start >= 0 && count >= 0 && start + count <= storage.count, "slice out of range")
        self.storage = storage
        self.start = start
        self.count = count
    }

    /// Convenience for tests and small owned payloads.
    public init(_ bytes: [UInt8]) {
        let s = ByteStorage(bytes)
        self.init(storage: s, start: 0, count: bytes.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable public subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count, "index out of range")
        return storage.base.load(fromByteOffset: start + i, as: UInt8.self)
    }

    public subscript(r: Range<Int>) -> ByteSlice {
        precondition(r.lowerBound >= 0 && r.upperBound <= count, "range out of bounds")
        return ByteSlice(storage: storage, start: start + r.lowerBound, count: r.count)
    }

    public var buffer: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.base + start, count: count)
    }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(buffer)
    }

    public var array: [UInt8] { Array(buffer) }

    public static func == (a: ByteSlice, b: ByteSlice) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.storage.base + a.start, b.storage.base + b.start, a.count) == 0)
    }

    public func hash(into h: inout Hasher) { h.combine(bytes: buffer) }

    /// Lower-case hex without separators, as in the truth files.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for b in buffer {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
