/// Why a client connection failed, naming the URL it was for.
package enum ConnectionError: Error, Equatable, Sendable, CustomStringConvertible {
    case resolve(url: String, reason: String)
    case connect(url: String, reason: String)
    case timedOut(url: String, seconds: Double)
    case tls(url: String, reason: String)

    package var description: String {
        switch self {
        case .resolve(let url, let reason): "\(url): cannot resolve the host: \(reason)"
        case .connect(let url, let reason): "\(url): cannot connect: \(reason)"
        case .timedOut(let url, let seconds): "\(url): no complete answer within \(seconds) s"
        case .tls(let url, let reason): "\(url): TLS: \(reason)"
        }
    }
}
