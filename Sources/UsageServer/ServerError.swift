/// Why the server could not start listening.
public struct ServerError: Error, Equatable, Sendable, CustomStringConvertible {
    public var address: String
    public var reason: String

    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }

    public var description: String { "cannot listen on \(address): \(reason)" }
}
