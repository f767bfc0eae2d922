/// How a timestamp field encodes time: its epoch, resolution and width.
public enum TimestampEncoding: String, Sendable, Codable, CaseIterable {
    /// Seconds since 1970 in 4 bytes.
    case unixSeconds32 = "unix-s32"
    /// Seconds since 1900 in 4 bytes (NTP era 0 seconds).
    case ntpSeconds32 = "ntp-s32"
    /// Seconds since 1970 in 8 bytes.
    case unixSeconds64 = "unix-s64"
    case unixMilliseconds64 = "unix-ms64"
    case unixMicroseconds64 = "unix-us64"
    case unixNanoseconds64 = "unix-ns64"
    /// NTP 32.32 fixed point: seconds since 1900 and a binary fraction.
    case ntp64 = "ntp64"
    /// Unix seconds and a binary fraction in 32.32 fixed point.
    case unixFixed64 = "unix-32.32"
    /// 100 ns ticks since 1601 (Windows FILETIME, SMB).
    case windowsFileTime = "filetime"

    public var size: Int {
        switch self {
        case .unixSeconds32, .ntpSeconds32: return 4
        default: return 8
        }
    }

    /// Seconds since the Unix epoch for a raw value, or nil when the value cannot be a time in this encoding.
    public func unixSeconds(_ raw: UInt64) -> Double? {
        switch self {
        case .unixSeconds32, .unixSeconds64: return Double(raw)
        case .ntpSeconds32: return Double(raw) - 2_208_988_800
        case .unixMilliseconds64: return Double(raw) / 1e3
        case .unixMicroseconds64: return Double(raw) / 1e6
        case .unixNanoseconds64: return Double(raw) / 1e9
        case .ntp64: return Double(raw >> 32) - 2_208_988_800 + Double(raw & 0xFFFF_FFFF) / 4_294_967_296
        case .unixFixed64: return Double(raw >> 32) + Double(raw & 0xFFFF_FFFF) / 4_294_967_296
        case .windowsFileTime: return Double(raw) / 1e7 - 11_644_473_600
        }
    }
}
