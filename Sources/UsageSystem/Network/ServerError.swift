/// Why the server could not start listening.
package struct ServerError: Error, Equatable, Sendable, CustomStringConvertible {
    package var address: String
    package var reason: String

    package init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }

    package var description: String { "cannot listen on \(address): \(reason)" }
}
