import Foundation
import QbitelEngine

/// A capture file's content hash plus the file facts (size, mtime, inode) that let a later open skip re-hashing.
public struct FileFingerprint: Sendable, Codable, Equatable {
    public var path: String
    public var sha256: String
    public var size: Int64
    /// Modification time in seconds since 1970, with nanoseconds.
    public var modified: Double
    public var inode: UInt64

    public init(path: String, sha256: String, size: Int64, modified: Double, inode: UInt64) {
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.modified = modified
        self.inode = inode
    }

    /// The file facts without the hash; nil when the path is not a readable regular file.
    static func facts(path: String) -> (size: Int64, modified: Double, inode: UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (Int64(st.st_size), Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9, UInt64(st.st_ino))
    }

    /// Hashes the whole file through a read-only mapping (no copy).
    public static func compute(path: String) throws -> FileFingerprint {
        guard let facts = facts(path: path) else {
            throw QbitelError(.fileNotFound, "\(path) is not a readable file")
        }
        let storage = try MappedFile.map(path)
        let digest = SHA256Hash.hex(storage.buffer)
        return FileFingerprint(path: path, sha256: digest, size: facts.size, modified: facts.modified, inode: facts.inode)
    }
}
