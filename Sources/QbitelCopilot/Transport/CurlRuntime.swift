import CCurl
import QbitelEngine

/// Runs `curl_global_init` exactly once, before the first handle, without a mutable global.
///
/// A `static let` initialiser is guaranteed to run once, thread-safely, on first use.
enum CurlRuntime {
    static let initialised: Bool = ccurl_global_init_default() == CURLE_OK

    static func ensureInitialised() throws {
        guard initialised else { throw QbitelError(.internalError, "libcurl could not be initialised") }
    }
}
