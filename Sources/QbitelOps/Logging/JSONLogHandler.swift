import Foundation
import Logging

/// A swift-log handler that writes one JSON object a line to a `LogFile`, never to the screen (the workbench owns it).
///
/// Every line carries the logger's metadata, so a `correlation_id` set on a run's logger follows it into every line.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String
    let file: LogFile

    public init(label: String, file: LogFile, level: Logger.Level) {
        self.label = label
        self.file = file
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var obj: [String: Any] = [
            "ts": Self.timestamp(),
            "level": event.level.rawValue,
            "label": label,
            "msg": event.message.description,
        ]
        var all = metadata
        if let m = event.metadata { all.merge(m) { _, new in new } }
        for (k, v) in all { obj[k] = Self.plain(v) }
        if let data = try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]),
           let line = String(data: data, encoding: .utf8) {
            file.write(line: line)
        }
    }

    static func plain(_ v: Logger.MetadataValue) -> Any {
        switch v {
        case .string(let s): return s
        case .stringConvertible(let c): return c.description
        case .array(let a): return a.map(plain)
        case .dictionary(let d): return d.mapValues(plain)
        }
    }

    static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
