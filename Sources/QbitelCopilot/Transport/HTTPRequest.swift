import Foundation

/// Time limits of one HTTP exchange, split by phase: a cold model can take long to answer its first byte, but a
/// stream that goes silent between lines should be noticed quickly.
public struct HTTPTimeouts: Sendable, Equatable {
    /// TCP (and TLS) connection set-up.
    public var connect: Double
    /// From the start of the request to the first response byte (headers included).
    public var firstByte: Double
    /// Longest silence between two received chunks once the response has started.
    public var idle: Double
    /// The whole exchange.
    public var total: Double

    public init(connect: Double = 5, firstByte: Double = 120, idle: Double = 30, total: Double = 600) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.total = total
    }
}

/// One HTTP request as the copilot's providers send it.
public struct HTTPRequest: Sendable {
    public enum Method: String, Sendable { case get = "GET", post = "POST" }

    public var method: Method
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?
    public var timeouts: HTTPTimeouts

    public init(method: Method, url: String, headers: [(String, String)] = [], body: Data? = nil,
                timeouts: HTTPTimeouts = HTTPTimeouts()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }
}

/// Status line and headers of a response; header names are lower-cased.
public struct HTTPResponseHead: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]

    public init(status: Int, headers: [String: String] = [:]) {
        self.status = status
        self.headers = headers
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
}
