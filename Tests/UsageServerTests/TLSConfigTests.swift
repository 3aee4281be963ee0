import Testing
import UsageServer
import UsageSystem

/// Issue 19: `tls_server_config` read and checked as exporter-toolkit reads it.
@Suite struct TLSConfigTests {
    @Test func everySettingIsRead() throws {
        let text = """
            tls_server_config:
              cert_file: server.crt
              key_file: /etc/keys/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS13
              max_version: TLS13
              cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]
              curve_preferences:
                - X25519
                - CurveP384
              prefer_server_cipher_suites: false
              client_allowed_sans: [prometheus.example]
            """
        let tls = try #require(try WebConfig.parse(text, path: "/etc/exporter/web.yml").tls)
        // Relative to the configuration's folder, as exporter-toolkit joins them.
        #expect(tls.certificate == .file("/etc/exporter/server.crt", setting: "tls_server_config.cert_file"))
        #expect(tls.key.path == "/etc/keys/server.key")
        #expect(tls.clientCAs?.path == "/etc/exporter/ca.crt")
        #expect(tls.clientAuth == .requireAndVerifyClientCert)
        #expect(tls.minVersion == .tls13 && tls.maxVersion == .tls13)
        // Go's names as OpenSSL's; TLS 1.3's suites are always on, in Go as here.
        #expect(tls.cipherList == "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384")
        #expect(tls.groupList == "X25519:P-384")
        #expect(!tls.preferServerCipherSuites)
        #expect(tls.allowedNames == ["prometheus.example"])
    }

    @Test func inlinePEMAndTheDefaults() throws {
        let config = try WebConfig.parse(
            #"{"tls_server_config": {"cert": "-----BEGIN CERTIFICATE-----", "key": "k"}}"#, path: "web.yml")
        let tls = try #require(config.tls)
        #expect(tls.certificate == .inline("-----BEGIN CERTIFICATE-----", setting: "tls_server_config.cert"))
        #expect(tls.clientAuth == .noClientCert && tls.minVersion == .tls12 && tls.maxVersion == .tls13)
        #expect(tls.cipherList.isEmpty && tls.groupList.isEmpty && tls.preferServerCipherSuites)
        // A section that sets nothing is plain HTTP, as in exporter-toolkit.
        #expect(try WebConfig.parse("tls_server_config:\n  cert_file: ''\n", path: "web.yml").tls == nil)
        #expect(try WebConfig.parse("tls_server_config:\n", path: "web.yml").tls == nil)
    }

    @Test(arguments: [
        ("tls_server_config:\n  key_file: k\n", "w.yml:2: tls_server_config: missing one of cert or cert_file"),
        ("tls_server_config:\n  cert_file: c\n", "w.yml:2: tls_server_config: missing one of key or key_file"),
        (
            "tls_server_config: {cert_file: c, key_file: k, client_auth_type: Maybe}\n",
            "w.yml:1: invalid tls_server_config.client_auth_type Maybe; one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"
        ),
        (
            "tls_server_config: {cert_file: c, key_file: k, client_ca_file: ca}\n",
            "w.yml:1: tls_server_config: client CA's have been configured without a Client Auth Policy (client_auth_type)"
        ),
        (
            "tls_server_config: {cert_file: c, key_file: k, min_version: TLS14}\n",
            "w.yml:1: unknown TLS version TLS14 in tls_server_config.min_version; one of TLS10, TLS11, TLS12, TLS13"
        ),
        (
            "tls_server_config: {cert_file: c, key_file: k, min_version: TLS13, max_version: TLS12}\n",
            "w.yml:1: tls_server_config: max_version TLS12 is below min_version TLS13"
        ),
        (
            "tls_server_config: {cert_file: c, key_file: k, cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]}\n",
            "w.yml:1: unknown cipher: TLS_RSA_WITH_RC4_128_SHA (Go's names, as in tls.CipherSuites())"
        ),
        (
            "tls_server_config: {cert_file: c, key_file: k, curve_preferences: [CurveP999]}\n",
            "w.yml:1: unknown curve: CurveP999 (one of CurveP256, CurveP384, CurveP521, X25519)"
        ),
        (
            "tls_server_config: {cert_file: c, key_file: k, client_auth_type: VerifyClientCertIfGiven, client_allowed_sans: [a]}\n",
            "w.yml:1: client_allowed_sans requires client_auth_type to be one of RequireAnyClientCert or RequireAndVerifyClientCert"
        ),
        (
            "tls_server_config: {cert_file: c, key_file: k, cipher_suites: TLS_AES_128_GCM_SHA256}\n",
            "w.yml:1: tls_server_config.cipher_suites must be a list"
        ),
        (
            "tls_server_config:\n  cert_file: c\n  key_file: k\n  certfile: x\n",
            "w.yml:4: tls_server_config.certfile is not a setting of tls_server_config"
        ),
    ])
    func refusesWhatExporterToolkitRefuses(_ text: String, _ expected: String) {
        #expect(throws: WebConfigError.self) { try WebConfig.parse(text, path: "w.yml") }
        do {
            _ = try WebConfig.parse(text, path: "w.yml")
        } catch {
            #expect(error.description == expected)
        }
    }
}
