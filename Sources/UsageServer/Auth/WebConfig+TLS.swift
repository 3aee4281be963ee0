import UsageSystem

extension WebConfig {
    /// `tls_server_config`, checked as exporter-toolkit checks it; nil when it sets nothing
    /// (exporter-toolkit then serves plain HTTP too).
    static func tlsSettings(_ node: YAMLValue, _ reader: WebConfigReader) throws(WebConfigError) -> TLSServerSettings? {
        // By the file setting's name; a file wins over the same PEM given inline, as in exporter-toolkit.
        var files: [String: PEMSource] = [:]
        var inline: [String: PEMSource] = [:]
        var clientAuth: (TLSClientAuth, YAMLValue)?
        var versions: [String: (TLSVersion, YAMLValue)] = [:]
        var ciphers = ""
        var groups = ""
        var preferServer = true
        var allowedNames: (names: [String], node: YAMLValue)?
        for (setting, _, value) in try reader.entries(node, "tls_server_config") {
            let what = "tls_server_config.\(setting)"
            switch setting {
            case "cert_file", "key_file", "client_ca_file":
                let path = try reader.file(value, what)
                if !path.isEmpty { files[setting] = .file(path, setting: what) }
            case "cert", "key", "client_ca":
                let text = try reader.string(value, what)
                if !text.isEmpty { inline[setting + "_file"] = .inline(text, setting: what) }
            case "client_auth_type":
                let name = try reader.string(value, what)
                guard let auth = TLSClientAuth(name: name) else {
                    let names = TLSClientAuth.allCases.map(\.rawValue).joined(separator: ", ")
                    throw reader.fail(value, "invalid \(what) \(name); one of \(names)")
                }
                clientAuth = (auth, value)
            case "min_version", "max_version":
                let name = try reader.string(value, what)
                guard let version = TLSVersion(rawValue: name) else {
                    let names = TLSVersion.allCases.map(\.rawValue).joined(separator: ", ")
                    throw reader.fail(value, "unknown TLS version \(name) in \(what); one of \(names)")
                }
                versions[setting] = (version, value)
            case "cipher_suites":
                let (list, unknown) = TLSNames.cipherList(try reader.strings(value, what))
                if let unknown {
                    throw reader.fail(value, "unknown cipher: \(unknown) (Go's names, as in tls.CipherSuites())")
                }
                ciphers = list
            case "curve_preferences":
                let (list, unknown) = TLSNames.groupList(try reader.strings(value, what))
                if let unknown {
                    throw reader.fail(
                        value, "unknown curve: \(unknown) (one of CurveP256, CurveP384, CurveP521, X25519)")
                }
                groups = list
            case "prefer_server_cipher_suites":
                preferServer = try reader.boolean(value, what)
            case "client_allowed_sans":
                allowedNames = (try reader.strings(value, what), value)
            default:
                throw reader.fail(value, "\(what) is not a setting of tls_server_config")
            }
        }
        let pem = files.merging(inline) { file, _ in file }
        if pem.isEmpty, clientAuth == nil { return nil }
        guard let certificate = pem["cert_file"] else {
            throw reader.fail(node, "tls_server_config: missing one of cert or cert_file")
        }
        guard let key = pem["key_file"] else {
            throw reader.fail(node, "tls_server_config: missing one of key or key_file")
        }
        var settings = TLSServerSettings(certificate: certificate, key: key)
        settings.clientCAs = pem["client_ca_file"]
        settings.clientAuth = clientAuth?.0 ?? .noClientCert
        if settings.clientCAs != nil, settings.clientAuth == .noClientCert {
            throw reader.fail(
                clientAuth?.1 ?? node,
                "tls_server_config: client CA's have been configured without a Client Auth Policy (client_auth_type)")
        }
        settings.minVersion = versions["min_version"]?.0 ?? .tls12
        settings.maxVersion = versions["max_version"]?.0 ?? .tls13
        if settings.minVersion > settings.maxVersion {
            throw reader.fail(
                versions["max_version"]?.1 ?? node,
                "tls_server_config: max_version \(settings.maxVersion.rawValue) is below min_version \(settings.minVersion.rawValue)"
            )
        }
        settings.cipherList = ciphers
        settings.groupList = groups
        settings.preferServerCipherSuites = preferServer
        if let allowedNames {
            guard settings.clientAuth == .requireAnyClientCert || settings.clientAuth == .requireAndVerifyClientCert
            else {
                throw reader.fail(
                    allowedNames.node,
                    "client_allowed_sans requires client_auth_type to be one of RequireAnyClientCert or RequireAndVerifyClientCert"
                )
            }
            settings.allowedNames = allowedNames.names
        }
        return settings
    }
}
