/// Go's names of cipher suites and curves (what exporter-toolkit's `cipher_suites` and
/// `curve_preferences` take) and OpenSSL's names of the same.
package enum TLSNames {
    /// The suites of Go's `tls.CipherSuites()` up to TLS 1.2.
    static let cipherSuites: [String: String] = [
        "TLS_RSA_WITH_AES_128_CBC_SHA": "AES128-SHA",
        "TLS_RSA_WITH_AES_256_CBC_SHA": "AES256-SHA",
        "TLS_RSA_WITH_AES_128_GCM_SHA256": "AES128-GCM-SHA256",
        "TLS_RSA_WITH_AES_256_GCM_SHA384": "AES256-GCM-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA": "ECDHE-ECDSA-AES128-SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA": "ECDHE-ECDSA-AES256-SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA": "ECDHE-RSA-AES128-SHA",
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA": "ECDHE-RSA-AES256-SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": "ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": "ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256": "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384": "ECDHE-RSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256": "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256": "ECDHE-ECDSA-CHACHA20-POLY1305",
    ]

    /// TLS 1.3's suites: Go takes their names and always uses all three, as OpenSSL does here.
    static let tls13Suites: Set<String> = [
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    ]

    static let curves: [String: String] = [
        "CurveP256": "P-256", "CurveP384": "P-384", "CurveP521": "P-521", "X25519": "X25519",
    ]

    /// OpenSSL's cipher list for Go's names, in their order, and the first name Go does not
    /// know. Empty when only TLS 1.3 suites are named (OpenSSL's defaults then stay).
    package static func cipherList(_ goNames: [String]) -> (list: String, unknown: String?) {
        openSSLList(goNames.filter { !tls13Suites.contains($0) }, cipherSuites)
    }

    /// OpenSSL's group list for Go's curve names, and the first name Go does not know.
    package static func groupList(_ goNames: [String]) -> (list: String, unknown: String?) {
        openSSLList(goNames, curves)
    }

    private static func openSSLList(_ goNames: [String], _ table: [String: String]) -> (list: String, unknown: String?)
    {
        var names: [String] = []
        for name in goNames {
            guard let openSSL = table[name] else { return ("", name) }
            names.append(openSSL)
        }
        return (names.joined(separator: ":"), nil)
    }
}
