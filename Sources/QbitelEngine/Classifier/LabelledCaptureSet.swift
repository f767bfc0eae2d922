import Foundation

/// Which capture files hold which protocol, found from folders given on the command line.
///
/// In each folder: a `labels.txt` manifest (`file.pcap protocol` per line, `#` comments, protocol `-` to leave a
/// file out) wins; otherwise each sub-folder is a label for the captures inside it, and a capture directly in the
/// folder is labelled by its file name up to the first `_` or `.` (`dns_ictf2010.pcap` → `dns`).
public struct LabelledCaptureSet: Sendable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var label: String
    }

    public var entries: [Entry]
    static let captureExtensions: Set<String> = ["pcap", "pcapng", "cap"]

    /// Parses a manifest's text; error 2005 on a line without both a file and a label.
    public static func parseManifest(_ text: String, relativeTo dir: String) throws -> [Entry] {
        var out: [Entry] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if parts.isEmpty { continue }
            guard parts.count == 2 else {
                throw QbitelError(.badLabelManifest, "labels.txt line \(n + 1): expected 'file protocol', got '\(line)'")
            }
            if parts[1] == "-" { continue }
            let path = parts[0].hasPrefix("/") ? parts[0] : (dir as NSString).appendingPathComponent(parts[0])
            out.append(Entry(path: path, label: parts[1].lowercased()))
        }
        return out
    }

    /// The label a bare file name gives.
    public static func label(forFileName name: String) -> String {
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        return (stem.split(separator: "_").first.map(String.init) ?? stem).lowercased()
    }

    /// Collects labelled captures from files and folders; `exclude` drops files whose name contains any of the strings.
    public init(paths: [String], exclude: [String] = []) throws {
        var out: [Entry] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { throw QbitelError(.fileNotFound, "no such file or folder: \(p)") }
            if !isDir.boolValue {
                out.append(Entry(path: p, label: Self.label(forFileName: (p as NSString).lastPathComponent)))
                continue
            }
            let manifest = (p as NSString).appendingPathComponent("labels.txt")
            if fm.fileExists(atPath: manifest) {
                let text = try String(contentsOfFile: manifest, encoding: .utf8)
                out += try Self.parseManifest(text, relativeTo: p)
                continue
            }
            for name in (try? fm.contentsOfDirectory(atPath: p))?.sorted() ?? [] {
                let full = (p as NSString).appendingPathComponent(name)
                var sub: ObjCBool = false
                _ = fm.fileExists(atPath: full, isDirectory: &sub)
                if sub.boolValue {
                    for f in (try? fm.contentsOfDirectory(atPath: full))?.sorted() ?? [] where Self.isCapture(f) {
                        out.append(Entry(path: (full as NSString).appendingPathComponent(f), label: name.lowercased()))
                    }
                } else if Self.isCapture(name) {
                    out.append(Entry(path: full, label: Self.label(forFileName: name)))
                }
            }
        }
        entries = out.filter { e in !exclude.contains { !$0.isEmpty && (e.path as NSString).lastPathComponent.contains($0) } }
    }

    static func isCapture(_ name: String) -> Bool {
        captureExtensions.contains((name as NSString).pathExtension.lowercased())
    }

    /// Reads every capture and cuts it into labelled flow samples.
    public func samples(window: Int = FlowSample.defaultWindow) throws -> [FlowSample] {
        var out: [FlowSample] = []
        for e in entries {
            let cap = try CaptureReader.read(path: e.path)
            out += FlowSample.samples(from: cap, label: e.label, window: window)
        }
        return out
    }
}
