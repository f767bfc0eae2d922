#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps a file read-only into memory so captures are read without copying.
///
/// This is the engine's only touch of the file system: everything after it works on the mapped bytes.
public enum MappedFile {
    /// True when `path` names a directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Maps `path`, or throws 1001 (missing), 1002 (not a regular file), 1003 (unreadable) or 1004 (empty).
    public static func map(_ path: String) throws -> ByteStorage {
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ENOENT || errno == ENOTDIR { throw QbitelError(.fileNotFound, "no such file: \(path)") }
            throw QbitelError(.fileUnreadable, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            throw QbitelError(.notARegularFile, "\(path) is not a regular file")
        }
        let size = Int(st.st_size)
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw QbitelError(.fileUnreadable, "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if size == 0 { throw QbitelError(.emptyInput, "\(path) is empty") }
        #if os(Linux)
        // Map every page up front: one call instead of a page fault per few pages while frames are read.
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard let p = mmap(nil, size, PROT_READ, flags, fd, 0), p != MAP_FAILED else {
            throw QbitelError(.fileUnreadable, "cannot map \(path): \(String(cString: strerror(errno)))")
        }
        let raw = UnsafeRawPointer(p)
        let addr = UInt(bitPattern: raw)
        return ByteStorage(pointer: raw, count: size) {
            _ = munmap(UnsafeMutableRawPointer(bitPattern: addr), size)
        }
    }
}
