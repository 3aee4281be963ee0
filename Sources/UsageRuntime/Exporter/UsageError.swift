/// A command-line mistake: printed as one line, exit code 2.
package struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
