import Foundation

/// The engine's version, recorded with every discovery run so results can be traced to the code that made them.
public enum QbitelEngineInfo {
    public static let version = "0.1.0"

    /// The running build: the version plus the executable's size and modification time. Saved analyses are keyed by
    /// it, so a rebuilt or upgraded program recomputes instead of serving what older inference code found.
    public static let build: String = {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return version }
        return "\(version)+\(st.st_size).\(st.st_mtim.tv_sec)"
    }()
}
