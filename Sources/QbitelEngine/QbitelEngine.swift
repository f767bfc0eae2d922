/// The engine's version, recorded with every discovery run so results can be traced to the code that made them.
public enum QbitelEngineInfo {
    public static let version = "0.1.0"
}
