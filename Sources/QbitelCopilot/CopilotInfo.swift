import CCurl

/// Versions of what the copilot runs on, for `qbitel doctor`.
public enum CopilotInfo {
    public static var curlVersion: String { String(cString: ccurl_version()) }
}
