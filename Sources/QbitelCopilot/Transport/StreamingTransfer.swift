import Foundation
import QbitelEngine

/// Bridges a blocking libcurl transfer into an `AsyncThrowingStream`: the transfer runs on its own thread (never the
/// cooperative pool), lines are decoded as they complete, and ending the stream early cancels the transfer.
enum StreamingTransfer {
    static func stream<Decoder: StreamDecoder>(
        client: HTTPClient, request: HTTPRequest, cancel: CancellationFlag, decoder: Decoder,
        mapError: @escaping @Sendable (HTTPResponseHead, Data) -> QbitelError
    ) -> AsyncThrowingStream<ChatEvent, Error> {
        AsyncThrowingStream { continuation in
            continuation.onTermination = { reason in
                if case .cancelled = reason { cancel.cancel() }
            }
            let thread = Thread {
                var decoder = decoder
                var splitter = LineSplitter()
                do {
                    let result = try client.perform(request, cancel: cancel) { _, bytes in
                        for line in try splitter.feed(bytes) {
                            for event in try decoder.decode(line: line) { continuation.yield(event) }
                        }
                    }
                    guard result.head.isSuccess else { throw mapError(result.head, result.errorBody) }
                    if let rest = splitter.finish() {
                        for event in try decoder.decode(line: rest) { continuation.yield(event) }
                    }
                    for event in try decoder.finish() { continuation.yield(event) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.name = "qbitel-copilot-http"
            thread.start()
        }
    }

    /// Runs one request to completion off the cooperative pool and returns the whole body.
    static func fetch(client: HTTPClient, request: HTTPRequest, cancel: CancellationFlag = CancellationFlag())
        async throws -> (HTTPResponseHead, Data) {
        try await withCheckedThrowingContinuation { (k: CheckedContinuation<(HTTPResponseHead, Data), Error>) in
            let thread = Thread {
                var body = Data()
                do {
                    let result = try client.perform(request, cancel: cancel) { _, bytes in
                        guard body.count + bytes.count <= 16 * 1024 * 1024 else {
                            throw QbitelError(.malformedProviderResponse, "the response exceeds 16 MiB")
                        }
                        body.append(contentsOf: bytes)
                    }
                    k.resume(returning: (result.head, result.head.isSuccess ? body : result.errorBody))
                } catch {
                    k.resume(throwing: error)
                }
            }
            thread.name = "qbitel-copilot-http"
            thread.start()
        }
    }
}
