import Foundation

/// An append-only log file rotated by size: `qbitel.log` → `qbitel.log.1` … `qbitel.log.N`.
///
/// Writes are serialised by a lock so every line is whole even when several threads log at once. Each line is one
/// unbuffered write(2), so it survives the process; `flush()` also puts it on the disk (fsync).
public final class LogFile: @unchecked Sendable {
    public let path: String
    public let maxBytes: Int
    public let keep: Int
    private let lock = NSLock()
    private var handle: FileHandle?
    private var size: Int = 0

    public init(path: String, maxBytes: Int = 5 * 1024 * 1024, keep: Int = 3) throws {
        self.path = path
        self.maxBytes = maxBytes
        self.keep = keep
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try open()
    }

    private func open() throws {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw NSError(domain: "qbitel.log", code: 1, userInfo: [NSLocalizedDescriptionKey: "cannot open \(path)"])
        }
        size = Int(h.seekToEndOfFile())
        handle = h
    }

    public func write(line: String) {
        lock.lock()
        defer { lock.unlock() }
        let data = Data((line + "\n").utf8)
        if size + data.count > maxBytes && size > 0 { rotate() }
        handle?.write(data)
        size += data.count
    }

    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        try? handle?.synchronize()
    }

    private func rotate() {
        try? handle?.close()
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(path).\(keep)")
        if keep >= 2 {
            for i in stride(from: keep - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(path).\(i)") {
                try? fm.moveItem(atPath: "\(path).\(i)", toPath: "\(path).\(i + 1)")
            }
        }
        try? fm.moveItem(atPath: path, toPath: "\(path).1")
        try? open()
    }
}
