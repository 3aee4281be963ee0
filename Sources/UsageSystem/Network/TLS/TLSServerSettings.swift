/// `tls_server_config` of the web configuration, checked for names but not yet loaded.
package struct TLSServerSettings: Equatable, Sendable {
    package var certificate: PEMSource
    package var key: PEMSource
    /// The CAs client certificates are verified against; without them, the system's.
    package var clientCAs: PEMSource?
    package var clientAuth = TLSClientAuth.noClientCert
    package var minVersion = TLSVersion.tls12
    package var maxVersion = TLSVersion.tls13
    /// OpenSSL's cipher list for TLS 1.2 and older ("" for OpenSSL's defaults).
    package var cipherList = ""
    /// OpenSSL's group list ("" for OpenSSL's defaults).
    package var groupList = ""
    package var preferServerCipherSuites = true
    /// A client certificate must name one of these (DNS, e-mail, IP or URI), when set.
    package var allowedNames: [String]?

    package init(certificate: PEMSource, key: PEMSource) {
        self.certificate = certificate
        self.key = key
    }

    /// The PEM sources, in the order ``TLSServerContext`` reads them.
    var sources: [PEMSource] { [certificate, key] + (clientCAs.map { [$0] } ?? []) }
}
