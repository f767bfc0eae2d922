import Foundation
import QbitelEngine

/// What the workspace records about a capture file: its hash and file facts, plus what ingestion saw in it.
public struct CaptureIdentity: Sendable, Codable, Equatable {
    public var fingerprint: FileFingerprint
    public var format: String?
    public var linkTypes: [UInt32]
    public var firstTime: Double?
    public var lastTime: Double?
    public var frameCount: Int?
    public var messageCount: Int?

    public init(fingerprint: FileFingerprint, format: String? = nil, linkTypes: [UInt32] = [], firstTime: Double? = nil,
                lastTime: Double? = nil, frameCount: Int? = nil, messageCount: Int? = nil) {
        self.fingerprint = fingerprint
        self.format = format
        self.linkTypes = linkTypes
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.frameCount = frameCount
        self.messageCount = messageCount
    }

    /// The identity of a decoded capture read from `fingerprint.path`.
    public init(fingerprint: FileFingerprint, capture: Capture) {
        self.init(fingerprint: fingerprint, format: capture.format.rawValue, linkTypes: capture.linkTypes,
                  firstTime: capture.firstTimestamp?.timeInterval, lastTime: capture.lastTimestamp?.timeInterval,
                  frameCount: capture.frameCount, messageCount: capture.messages.count)
    }
}

/// A capture as the workspace lists it.
public struct StoredCapture: Sendable, Codable, Equatable {
    public var id: Int64
    public var sha256: String
    /// The last path it was opened from.
    public var path: String
    public var fileName: String
    public var size: Int64
    public var format: String?
    public var linkTypes: [UInt32]
    public var firstTime: Double?
    public var lastTime: Double?
    public var frameCount: Int?
    public var messageCount: Int?
    public var addedAt: Date
    public var lastOpenedAt: Date
    public var runCount: Int
}
