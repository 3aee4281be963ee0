package import UsageSystem

/// Why a download failed, naming the URL and what happened.
package enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case badURL(String)
    /// Resolving, connecting, TLS, or the deadline.
    case connection(ConnectionError)
    case status(url: String, code: Int, reason: String)
    case malformed(url: String, reason: String)
    case truncated(url: String, received: Int, expected: Int?)
    case tooLarge(url: String, limit: Int)
    case redirect(url: String, reason: String)

    package var description: String {
        switch self {
        case .badURL(let url):
            "\"\(url)\" is not an http:// or https:// URL"
        case .connection(let error):
            error.description
        case .status(let url, let code, let reason):
            "\(url): the server answered \(code) \(reason)"
        case .malformed(let url, let reason):
            "\(url): not an HTTP response: \(reason)"
        case .truncated(let url, let received, let expected):
            "\(url): the connection closed after \(received) of \(expected.map(String.init) ?? "?") bytes"
        case .tooLarge(let url, let limit):
            "\(url): the answer is larger than \(limit) bytes"
        case .redirect(let url, let reason):
            "\(url): \(reason)"
        }
    }
}
