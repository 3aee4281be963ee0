/// A complete response; the server adds `Content-Length` and `Connection`.
///
/// The body may come in parts (a cached exposition and a fresh tail), written one after the
/// other, so a large cached body is never copied to build a response.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var bodyParts: [[UInt8]]
    /// Work to run off the server's loop, whose result is the response sent (see ``later(_:)``).
    package var deferred: (@Sendable () -> HTTPResponse)?

    package init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.init(status: status, headers: headers, bodyParts: [body])
    }

    package init(status: Int, headers: [(name: String, value: String)] = [], bodyParts: [[UInt8]]) {
        self.status = status
        self.headers = headers
        self.bodyParts = bodyParts
    }

    /// A response computed on one of the server's workers, for work too slow for its loop (a
    /// bcrypt check); 503 at once when every worker and its queue are taken.
    package static func later(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPResponse {
        var response = HTTPResponse(status: 503)
        response.deferred = work
        return response
    }

    /// The body as one array (for tests and small responses).
    package var body: [UInt8] { bodyParts.flatMap { $0 } }

    package var bodyLength: Int { bodyParts.reduce(0) { $0 + $1.count } }

    package static func text(
        _ status: Int, _ text: String, headers: [(name: String, value: String)] = []
    ) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers, body: Array(text.utf8))
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 429: "Too Many Requests"
        case 414: "URI Too Long"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
        }
    }

    /// The parts on the wire: the head, then the body parts unless `includeBody` is false (HEAD,
    /// whose `Content-Length` stays the GET one).
    func serializedParts(keepAlive: Bool, includeBody: Bool) -> [[UInt8]] {
        var head = "HTTP/1.1 \(status) \(HTTPResponse.reason(status))\r\n"
        for (name, value) in headers {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(bodyLength)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        return includeBody ? [Array(head.utf8)] + bodyParts.filter { !$0.isEmpty } : [Array(head.utf8)]
    }

    /// The whole response as one array, for the short answers sent outside the loop (503, 408).
    func serialized(keepAlive: Bool, includeBody: Bool) -> [UInt8] {
        serializedParts(keepAlive: keepAlive, includeBody: includeBody).flatMap { $0 }
    }
}
