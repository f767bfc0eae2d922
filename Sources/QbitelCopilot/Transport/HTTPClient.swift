import CCurl
import Dispatch
import Foundation
import QbitelEngine

/// A blocking HTTP client on one libcurl easy handle per request, with streaming body callbacks.
///
/// `perform` runs the transfer on the calling thread (callers run it on a dedicated thread, never the cooperative
/// pool). The body is handed over chunk by chunk as it arrives; the cancellation flag and the first-byte and idle
/// timeouts are checked from libcurl's progress callback, which aborts the transfer.
public struct HTTPClient: Sendable {
    /// Largest error body kept for the message of a typed error.
    static let maxErrorBody = 64 * 1024
    /// A PEM file of the certificate authorities to trust for HTTPS instead of the system's (a private CA, a TLS
    /// proxy on an isolated network); nil trusts the system store. Peer and host name are always verified.
    public let caBundle: String?

    public init(caBundle: String? = nil) {
        self.caBundle = caBundle
    }

    /// Sends `request`; `onBody` receives each chunk of a 2xx response as it arrives and may throw to abort.
    /// Non-2xx bodies are collected (bounded) and returned in the result instead of being streamed.
    @discardableResult
    public func perform(_ request: HTTPRequest, cancel: CancellationFlag,
                        onBody: (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void) throws -> HTTPResult {
        try CurlRuntime.ensureInitialised()
        guard let handle = ccurl_easy_init() else { throw QbitelError(.internalError, "curl_easy_init failed") }
        defer { ccurl_easy_cleanup(handle) }

        return try withoutActuallyEscaping(onBody) { onBody in
            try run(request, handle: handle, transfer: CurlTransfer(timeouts: request.timeouts, cancel: cancel, onBody: onBody))
        }
    }

    private func run(_ request: HTTPRequest, handle: UnsafeMutableRawPointer, transfer: CurlTransfer) throws -> HTTPResult {
        try withExtendedLifetime(transfer) {
            var headerList: UnsafeMutablePointer<curl_slist>? = nil
            // "Expect:" switches off 100-continue, which would otherwise delay every larger POST.
            for line in request.headers.map({ "\($0.0): \($0.1)" }) + ["Expect:"] {
                headerList = ccurl_slist_append(headerList, line)
            }
            defer { ccurl_slist_free_all(headerList) }

            let ctx = Unmanaged.passUnretained(transfer).toOpaque()
            ccurl_setopt_string(handle, CURLOPT_URL, request.url)
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Self.millis(request.timeouts.connect))
            ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Self.millis(request.timeouts.total))
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
            if let caBundle { ccurl_setopt_string(handle, CURLOPT_CAINFO, caBundle) }
            ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
            // Only HTTP(S), and loopback never through a proxy from the environment: a local answer stays local.
            ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
            ccurl_setopt_string(handle, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1")
            ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList)
            ccurl_setopt_write_callback(handle, curlWriteCallback)
            ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, ctx)
            ccurl_setopt_header_callback(handle, curlHeaderCallback)
            ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, ctx)
            ccurl_setopt_xferinfo_callback(handle, curlProgressCallback)
            ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, ctx)
            ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)

            let body = request.body ?? Data()
            let code: CURLcode = body.withUnsafeBytes { raw in
                if request.method == .post {
                    ccurl_setopt_long(handle, CURLOPT_POST, 1)
                    ccurl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(raw.count))
                    // libcurl does not copy POSTFIELDS: the bytes stay alive for the whole perform.
                    ccurl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
                } else {
                    ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1)
                }
                transfer.start()
                return ccurl_easy_perform(handle)
            }
            if let error = transfer.callbackError { throw error }
            if code != CURLE_OK { throw transfer.error(for: code, url: request.url) }
            return HTTPResult(head: transfer.head, errorBody: transfer.errorBody, bytesReceived: transfer.bodyBytes)
        }
    }

    static func millis(_ seconds: Double) -> Int { max(1, Int((seconds * 1000).rounded())) }
}

/// What is left of a response after its body was streamed: the head, and the body of an error status.
public struct HTTPResult: Sendable {
    public var head: HTTPResponseHead
    public var errorBody: Data
    public var bytesReceived: Int
}

/// The state of one transfer, reached from libcurl's C callbacks through an opaque pointer.
///
/// Only the thread running `curl_easy_perform` touches it while the transfer runs.
final class CurlTransfer {
    let timeouts: HTTPTimeouts
    let cancel: CancellationFlag
    let onBody: (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void
    var head = HTTPResponseHead(status: 0)
    var errorBody = Data()
    var bodyBytes = 0
    var callbackError: QbitelError?
    var startNanos: UInt64 = 0
    var lastByteNanos: UInt64 = 0
    var receivedAny = false
    var timeoutReason: String?

    init(timeouts: HTTPTimeouts, cancel: CancellationFlag,
         onBody: @escaping (HTTPResponseHead, UnsafeRawBufferPointer) throws -> Void) {
        self.timeouts = timeouts
        self.cancel = cancel
        self.onBody = onBody
    }

    func start() { startNanos = DispatchTime.now().uptimeNanoseconds }

    func touched() {
        lastByteNanos = DispatchTime.now().uptimeNanoseconds
        receivedAny = true
    }

    func header(_ line: String) {
        touched()
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            head = HTTPResponseHead(status: parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = trimmed[..<colon].lowercased()
            head.headers[name] = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// Returns false to abort the transfer.
    func body(_ bytes: UnsafeRawBufferPointer) -> Bool {
        touched()
        if cancel.isCancelled { return false }
        bodyBytes += bytes.count
        guard head.isSuccess else {
            if errorBody.count < HTTPClient.maxErrorBody {
                errorBody.append(contentsOf: bytes.prefix(HTTPClient.maxErrorBody - errorBody.count))
            }
            return true
        }
        do {
            try onBody(head, bytes)
            return true
        } catch let e as QbitelError {
            callbackError = e
        } catch {
            callbackError = QbitelError(.malformedProviderResponse, "\(error)")
        }
        return false
    }

    /// Returns false to abort: cancelled, or silent past the first-byte or idle limit.
    func progress() -> Bool {
        if cancel.isCancelled { return false }
        let now = DispatchTime.now().uptimeNanoseconds
        if !receivedAny {
            if Double(now &- startNanos) / 1e9 > timeouts.firstByte {
                timeoutReason = "no response within \(Self.format(timeouts.firstByte)) s"
                return false
            }
        } else if Double(now &- lastByteNanos) / 1e9 > timeouts.idle {
            timeoutReason = "the answer stalled for more than \(Self.format(timeouts.idle)) s"
            return false
        }
        return true
    }

    func error(for code: CURLcode, url: String) -> QbitelError {
        let text = String(cString: ccurl_easy_strerror(code))
        switch code {
        case CURLE_ABORTED_BY_CALLBACK, CURLE_WRITE_ERROR:
            if let timeoutReason { return QbitelError(.providerTimeout, "\(url): \(timeoutReason)") }
            return QbitelError(.copilotCancelled, "the request was cancelled")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return QbitelError(.providerUnreachable, "\(url): \(text)", details: ["phase": "connect"])
        case CURLE_OPERATION_TIMEDOUT:
            if !receivedAny && bodyBytes == 0 && head.status == 0 && lastByteNanos == 0 {
                return QbitelError(.providerTimeout, "\(url): \(text)", details: ["phase": receivedAny ? "response" : "connect-or-wait"])
            }
            return QbitelError(.providerTimeout, "\(url): \(text)")
        case CURLE_PARTIAL_FILE, CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_SEND_ERROR:
            if receivedAny { return QbitelError(.streamInterrupted, "\(url): the connection dropped: \(text)") }
            return QbitelError(.providerUnreachable, "\(url): \(text)", details: ["phase": "connect"])
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            // Never retried: a certificate that is not trusted now will not be trusted on the next attempt.
            return QbitelError(.providerUnreachable, "\(url): TLS failed: \(text) (trust a private CA with ca_bundle or QBITEL_CA_BUNDLE)",
                               details: ["phase": "tls"])
        default:
            return QbitelError(.providerUnreachable, "\(url): \(text) (curl \(code.rawValue))")
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

private func transfer(_ ctx: UnsafeMutableRawPointer?) -> CurlTransfer? {
    guard let ctx else { return nil }
    return Unmanaged<CurlTransfer>.fromOpaque(ctx).takeUnretainedValue()
}

private let curlWriteCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    ptr, size, count, ctx in
    guard let t = transfer(ctx) else { return 0 }
    let n = size * count
    guard let ptr else { return n }
    return t.body(UnsafeRawBufferPointer(start: ptr, count: n)) ? n : 0
}

private let curlHeaderCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    ptr, size, count, ctx in
    guard let t = transfer(ctx) else { return 0 }
    let n = size * count
    guard let ptr else { return n }
    let line = String(decoding: UnsafeRawBufferPointer(start: ptr, count: n), as: UTF8.self)
    t.header(line)
    return t.cancel.isCancelled ? 0 : n
}

private let curlProgressCallback: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
    ctx, _, _, _, _ in
    guard let t = transfer(ctx) else { return 1 }
    return t.progress() ? 0 : 1
}
