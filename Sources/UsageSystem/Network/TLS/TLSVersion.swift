import COpenSSL

/// A TLS protocol version, by the names of exporter-toolkit's `min_version` and `max_version`.
package enum TLSVersion: String, CaseIterable, Comparable, Sendable {
    case tls10 = "TLS10"
    case tls11 = "TLS11"
    case tls12 = "TLS12"
    case tls13 = "TLS13"

    var protocolNumber: Int32 {
        switch self {
        case .tls10: TLS1_VERSION
        case .tls11: TLS1_1_VERSION
        case .tls12: TLS1_2_VERSION
        case .tls13: TLS1_3_VERSION
        }
    }

    package static func < (lhs: TLSVersion, rhs: TLSVersion) -> Bool { lhs.protocolNumber < rhs.protocolNumber }
}
