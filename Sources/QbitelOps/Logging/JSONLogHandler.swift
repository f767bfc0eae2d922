import Foundation
import Logging
import QbitelEngine

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
        var all = metadata
        if let m = event.metadata { all.merge(m) { _, new in new } }
        // Keys sorted, as before; the fixed keys win over metadata of the same name.
        var members: [String: Logger.MetadataValue] = all
        members["ts"] = .string(Self.timestamp())
        members["level"] = .string(event.level.rawValue)
        members["label"] = .string(label)
        members["msg"] = .string(event.message.description)
        var w = JSONTextWriter(capacity: 256)
        Self.write(.dictionary(members), to: &w)
        file.write(line: String(decoding: w.bytes, as: UTF8.self))
    }

    /// Writes a metadata value as JSON text (objects with sorted keys), without Foundation's JSON serialisation:
    /// a log line costs microseconds, and a short command does not pay for loading ICU to write two of them.
    static func write(_ v: Logger.MetadataValue, to w: inout JSONTextWriter) {
        switch v {
        case .string(let s): w.string(s)
        case .stringConvertible(let c): w.string(c.description)
        case .array(let a):
            w.beginArray()
            for e in a { w.element(); write(e, to: &w) }
            w.endArray()
        case .dictionary(let d):
            w.beginObject()
            for k in d.keys.sorted() { w.key(k); write(d[k]!, to: &w) }
            w.endObject()
        }
    }

    /// Now, as RFC 3339 UTC with milliseconds (`2026-11-23T19:30:00.123Z`).
    static func timestamp() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return timestamp(seconds: Int(ts.tv_sec), milliseconds: Int(ts.tv_nsec) / 1_000_000)
    }

    static func timestamp(seconds: Int, milliseconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let d = String(v)
            return String(repeating: "0", count: max(0, width - d.count)) + d
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
            + pad(Int32(milliseconds), 3) + "Z"
    }
}
