/// A TLS configuration that cannot be used: which setting (and file) and why.
package struct TLSSetupError: Error, CustomStringConvertible {
    package let description: String

    package init(_ description: String) { self.description = description }
}
