package import UsageSystem

/// The exporter-toolkit web configuration: `tls_server_config`, `basic_auth_users` (user:
/// bcrypt hash) and `http_server_config` (`headers`, `http2: false`), in any YAML form
/// (block, flow, JSON).
///
/// Any other key (`rate_limit`, ...) is refused, never ignored: a user who asked for a
/// protection must not silently go without it.
package struct WebConfig: Equatable, Sendable {
    package var users: [String: String]
    /// `http_server_config.headers`: added to every response.
    package var headers: [String: String]
    /// `tls_server_config`: serve https; nil for plain HTTP.
    package var tls: TLSServerSettings?

    /// The headers exporter-toolkit lets a web configuration set.
    package static let allowedHeaders = [
        "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection",
        "Content-Security-Policy",
    ]

    package init(users: [String: String] = [:], headers: [String: String] = [:], tls: TLSServerSettings? = nil) {
        self.users = users
        self.headers = headers
        self.tls = tls
    }

    package static func parse(_ text: String, path: String) throws(WebConfigError) -> WebConfig {
        let root: YAMLValue
        do {
            root = try YAMLReader.read(text)
        } catch {
            throw WebConfigError(path: path, line: error.line, reason: error.reason)
        }
        let reader = WebConfigReader(path: path)
        var config = WebConfig()
        if case .scalar = root, !root.isNull { throw reader.fail(root, "expected \"key: value\"") }
        for (key, keyLine, value) in try reader.entries(root, "the web configuration") {
            switch key {
            case "basic_auth_users":
                if case .scalar = value, !value.isNull {
                    throw reader.fail(value, "basic_auth_users must be a map of user names to bcrypt hashes")
                }
                for (user, _, hash) in try reader.entries(value, "basic_auth_users") {
                    guard !user.isEmpty, let hash = reader.string(hash), hash.hasPrefix("$2") else {
                        throw reader.fail(
                            hash, "user \"\(user)\" needs a bcrypt hash ($2y$...), as htpasswd -nBC 10 makes")
                    }
                    config.users[user] = hash
                }
            case "http_server_config":
                for (setting, _, node) in try reader.entries(value, "http_server_config") {
                    switch setting {
                    case "http2":
                        if try reader.boolean(node, "http_server_config.http2") {
                            throw reader.fail(node, "http2: true is not supported: llm-usage-exporter serves HTTP/1.1")
                        }
                    case "headers":
                        for (name, _, header) in try reader.entries(node, "http_server_config.headers") {
                            guard let canonical = allowedHeaders.first(where: { $0.lowercased() == name.lowercased() })
                            else {
                                throw reader.fail(
                                    header,
                                    "the header \(name) cannot be set; allowed: \(allowedHeaders.joined(separator: ", "))"
                                )
                            }
                            guard let text = reader.string(header), !text.contains("\n"), !text.contains("\r") else {
                                throw reader.fail(header, "the header \(name) needs a one-line value")
                            }
                            config.headers[canonical] = text
                        }
                    default:
                        throw reader.fail(node, "http_server_config.\(setting) is not supported (only headers, http2)")
                    }
                }
            case "tls_server_config":
                config.tls = try tlsSettings(value, reader)
            default:
                throw WebConfigError(
                    path: path, line: keyLine,
                    reason:
                        "\(key) is not supported by llm-usage-exporter (only tls_server_config, http_server_config and basic_auth_users)"
                )
            }
        }
        return config
    }
}
