import Foundation
import QbitelEngine

/// One capture's runs, grammars and annotations as one JSON file, to move work between workspaces
/// (`qbitel workspace export` / `import`). Messages are not included: they stay in the capture file, named by hash.
public struct WorkspaceBundle: Sendable, Codable, Equatable {
    public static let formatName = "qbitel-workspace-export"
    public static let currentFormatVersion = 1

    /// One run with everything needed to restore it.
    public struct Run: Sendable, Codable, Equatable {
        public var metadata: RunMetadata
        public var result: DiscoveryResult
        /// The rest of the analysis (grammar, validation…) as JSON, when the run was saved through the cache.
        public var envelope: String?
    }

    public var format: String
    public var formatVersion: Int
    public var exportedAt: Date
    public var capture: CaptureIdentity
    public var runs: [Run]
    public var grammars: [GrammarVersion]
    public var annotations: [Annotation]

    /// Reads and validates a bundle file.
    public static func read(path: String) throws -> WorkspaceBundle {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QbitelError(.fileNotFound, "cannot read export file \(path)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let bundle: WorkspaceBundle
        do {
            bundle = try decoder.decode(WorkspaceBundle.self, from: data)
        } catch {
            throw QbitelError(.unknownFormat, "\(path) is not a qbitel workspace export: \(error)")
        }
        guard bundle.format == formatName else { throw QbitelError(.unknownFormat, "\(path) is not a qbitel workspace export") }
        guard bundle.formatVersion <= currentFormatVersion else {
            throw QbitelError(.workspaceNewerSchema, "\(path) was exported by a newer version (format \(bundle.formatVersion))")
        }
        return bundle
    }

    /// Writes the bundle with mode 0600 (it may hold analyst notes), replacing the file atomically.
    public func write(path: String) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(self)
        let tmp = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw QbitelError(.exportFailed, "cannot write \(path)")
        }
        if rename(tmp, path) != 0 {
            unlink(tmp)
            throw QbitelError(.exportFailed, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// What an import added and what it found already present.
public struct ImportReport: Sendable, Codable, Equatable {
    public var captureSHA256: String
    public var runsAdded: Int
    public var runsSkipped: Int
    public var grammarsAdded: Int
    public var grammarsSkipped: Int
    public var annotationsMerged: Int
}
