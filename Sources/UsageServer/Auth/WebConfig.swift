/// The exporter-toolkit web configuration we implement: `basic_auth_users` (user: bcrypt
/// hash) and `http_server_config` (`headers`, `http2: false`), in any YAML form (block, flow,
/// JSON).
///
/// Any other key (`tls_server_config`, ...) is refused, never ignored: a user who asked for
/// TLS must not silently get plain HTTP. TLS goes in a reverse proxy.
package struct WebConfig: Equatable, Sendable {
    package var users: [String: String]
    /// `http_server_config.headers`: added to every response.
    package var headers: [String: String]

    /// The headers exporter-toolkit lets a web configuration set.
    package static let allowedHeaders = [
        "Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "X-XSS-Protection",
        "Content-Security-Policy",
    ]

    package init(users: [String: String] = [:], headers: [String: String] = [:]) {
        self.users = users
        self.headers = headers
    }

    package static func parse(_ text: String, path: String) throws(WebConfigError) -> WebConfig {
        let root: YAMLValue
        do {
            root = try YAMLReader.read(text)
        } catch {
            throw WebConfigError(path: path, line: error.line, reason: error.reason)
        }
        func fail(_ node: YAMLValue, _ reason: String) -> WebConfigError {
            WebConfigError(path: path, line: node.line, reason: reason)
        }
        func entries(
            _ node: YAMLValue, _ what: String
        ) throws(WebConfigError) -> [(key: String, line: Int, value: YAMLValue)] {
            if node.isNull { return [] }
            guard case .mapping(let entries, _) = node else { throw fail(node, "\(what) must be a map") }
            return entries
        }
        func string(_ node: YAMLValue) -> String? {
            if case .scalar(let text, _) = node { return text }
            return nil
        }
        var config = WebConfig()
        if case .scalar = root, !root.isNull { throw fail(root, "expected \"key: value\"") }
        for (key, keyLine, value) in try entries(root, "the web configuration") {
            switch key {
            case "basic_auth_users":
                if case .scalar = value, !value.isNull {
                    throw fail(value, "basic_auth_users must be a map of user names to bcrypt hashes")
                }
                for (user, _, hash) in try entries(value, "basic_auth_users") {
                    guard !user.isEmpty, let hash = string(hash), hash.hasPrefix("$2") else {
                        throw fail(hash, "user \"\(user)\" needs a bcrypt hash ($2y$...), as htpasswd -nBC 10 makes")
                    }
                    config.users[user] = hash
                }
            case "http_server_config":
                for (setting, _, node) in try entries(value, "http_server_config") {
                    switch setting {
                    case "http2":
                        guard let flag = string(node), ["true", "false"].contains(flag) else {
                            throw fail(node, "http_server_config.http2 must be true or false")
                        }
                        if flag == "true" {
                            throw fail(node, "http2: true is not supported: llm-usage-exporter serves HTTP/1.1")
                        }
                    case "headers":
                        for (name, _, header) in try entries(node, "http_server_config.headers") {
                            guard let canonical = allowedHeaders.first(where: { $0.lowercased() == name.lowercased() })
                            else {
                                throw fail(
                                    header,
                                    "the header \(name) cannot be set; allowed: \(allowedHeaders.joined(separator: ", "))"
                                )
                            }
                            guard let text = string(header), !text.contains("\n"), !text.contains("\r") else {
                                throw fail(header, "the header \(name) needs a one-line value")
                            }
                            config.headers[canonical] = text
                        }
                    default:
                        throw fail(node, "http_server_config.\(setting) is not supported (only headers, http2)")
                    }
                }
            default:
                throw WebConfigError(
                    path: path, line: keyLine,
                    reason:
                        "\(key) is not supported by llm-usage-exporter (only basic_auth_users and http_server_config); terminate TLS in a reverse proxy"
                )
            }
        }
        return config
    }
}
