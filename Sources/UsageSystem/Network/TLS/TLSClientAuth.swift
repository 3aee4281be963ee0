/// Whether clients must show a certificate, by the names of Go's `tls.ClientAuthType` that
/// exporter-toolkit's `client_auth_type` takes.
package enum TLSClientAuth: String, CaseIterable, Sendable {
    case noClientCert = "NoClientCert"
    case requestClientCert = "RequestClientCert"
    case requireAnyClientCert = "RequireAnyClientCert"
    case verifyClientCertIfGiven = "VerifyClientCertIfGiven"
    case requireAndVerifyClientCert = "RequireAndVerifyClientCert"

    /// By its name; "" is the default, and RequireClientCert the older name exporter-toolkit keeps.
    package init?(name: String) {
        switch name {
        case "": self = .noClientCert
        case "RequireClientCert": self = .requireAnyClientCert
        default: self.init(rawValue: name)
        }
    }

    var requests: Bool { self != .noClientCert }
    var requires: Bool { self == .requireAnyClientCert || self == .requireAndVerifyClientCert }
    var verifies: Bool { self == .verifyClientCertIfGiven || self == .requireAndVerifyClientCert }
}
