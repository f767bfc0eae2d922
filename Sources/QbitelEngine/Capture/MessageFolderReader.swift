#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a folder of raw message files: one message per file, in byte order of the file names.
///
/// Hidden files (names starting with `.`) and sub-folders are skipped, so a folder kept under version control or
/// with a `.DS_Store` still reads. Empty files are skipped with a warning. Each message is copied once into one
/// owned buffer shared by all messages.
public enum MessageFolderReader {
    /// The regular, non-hidden files of `path`, sorted by name; throws 1001/1003 when the folder cannot be listed.
    public static func messageFiles(in path: String) throws -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { throw QbitelError(.fileNotFound, "no such folder: \(path)") }
            throw QbitelError(.fileUnreadable, "cannot list \(path): \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            var st = stat()
            guard stat(path + "/" + name, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            names.append(name)
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Reads every message file of `path` into a capture of format `.folder`.
    public static func read(path: String) throws -> Capture {
        let files = try messageFiles(in: path)
        var out: [UInt8] = []
        var bounds: [Range<Int>] = []
        var warnings: [CaptureWarning] = []
        for name in files {
            let file = path + "/" + name
            let fd = open(file, O_RDONLY)
            guard fd >= 0 else {
                throw QbitelError(.fileUnreadable, "cannot open \(file): \(String(cString: strerror(errno)))")
            }
            defer { close(fd) }
            let start = out.count
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw QbitelError(.fileUnreadable, "cannot read \(file): \(String(cString: strerror(errno)))")
                }
                if n == 0 { break }
                out += chunk[0..<n]
                guard out.count - start <= CaptureLimits.maxFolderMessage else {
                    throw QbitelError(.messageTooLarge,
                                      "\(file) is larger than the \(CaptureLimits.maxFolderMessage / 1_048_576) MB message limit")
                }
            }
            if out.count == start {
                warnings.append(CaptureWarning(.emptyInput, "skipped empty message file \(name)"))
            } else {
                bounds.append(start..<out.count)
            }
        }
        guard !bounds.isEmpty else {
            throw QbitelError(.noMessages, "\(path) holds no message files (one raw message per file expected)")
        }
        let storage = ByteStorage(out)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return CaptureReader.capture(ofMessages: bounds.map { ByteSlice(storage: storage, start: $0.lowerBound, count: $0.count) },
                                     name: name, format: .folder, byteCount: out.count, warnings: warnings)
    }
}
