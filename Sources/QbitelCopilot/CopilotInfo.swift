import CCurl

/// Versions of what the copilot runs on, for `qbitel doctor`.
public enum CopilotInfo {
    /// libcurl's version text, or why it could not be loaded (it is loaded on first use).
    public static var curlVersion: String {
        if let v = ccurl_version() { return String(cString: v) }
        return "not available: " + (ccurl_load_error().map { String(cString: $0) } ?? "unknown")
    }
}
