import QbitelEngine

/// Operations: health checks, logs, metrics, feature flags and shutdown live in this module.
public enum OpsInfo {
    public static let engineVersion = QbitelEngineInfo.version
}
