import CCurl
import QbitelEngine

/// Loads libcurl and runs `curl_global_init` exactly once, before the first handle, without a mutable global.
///
/// A `static let` initialiser is guaranteed to run once, thread-safely, on first use. libcurl is loaded here, not at
/// process start, so commands that never reach a model start without it.
enum CurlRuntime {
    static let initialised: Bool = ccurl_load() != 0 && ccurl_global_init_default() == CURLE_OK

    static func ensureInitialised() throws {
        guard initialised else {
            let why = ccurl_load_error().map { String(cString: $0) } ?? "curl_global_init failed"
            throw QbitelError(.internalError, "libcurl could not be loaded or initialised: \(why)")
        }
    }
}
