/// A parsed request head. Bodies are not accepted: the exporter serves only GET and HEAD.
package struct HTTPRequest: Equatable, Sendable {
    package var method: String
    /// The path without the query string.
    package var path: String
    package var query: String
    package var version: String
    /// Header names lower-cased, in arrival order.
    package var headers: [(name: String, value: String)]
    /// The peer's numeric address, set by the server ("" when unknown).
    package var clientAddress = ""

    package init(
        method: String, path: String, query: String = "", version: String = "HTTP/1.1",
        headers: [(name: String, value: String)] = []
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
    }

    /// The first value of a header, by lower-case name.
    package func header(_ name: String) -> String? {
        headers.first(where: { $0.name == name })?.value
    }

    /// HTTP/1.1 keeps the connection unless asked not to; HTTP/1.0 only when asked to.
    package var keepAlive: Bool {
        let connection = header("connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }

    package static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.version == rhs.version
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
