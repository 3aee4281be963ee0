/// The exporter-toolkit web configuration we implement: `basic_auth_users` (user: bcrypt hash).
///
/// Any other key (`tls_server_config`, `http_server_config`, ...) is refused, never ignored:
/// a user who asked for TLS must not silently get plain HTTP. TLS goes in a reverse proxy.
package struct WebConfig: Equatable, Sendable {
    package var users: [String: String]

    package init(users: [String: String] = [:]) {
        self.users = users
    }

    /// Parses the YAML subset these files use: top-level keys, one level of `name: value`
    /// below them, quotes, comments.
    package static func parse(_ text: String, path: String) throws(WebConfigError) -> WebConfig {
        var config = WebConfig()
        var section: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            var line = String(raw.hasSuffix("\r") ? raw.dropLast() : raw[...])
            if let hash = commentStart(line) { line = String(line[..<hash]) }
            while line.last == " " { line.removeLast() }
            if line.allSatisfy({ $0 == " " }) { continue }
            guard !line.contains("\t") else {
                throw WebConfigError(path: path, line: number, reason: "tabs are not allowed in YAML indentation")
            }
            let indented = line.first == " "
            let content = line.drop(while: { $0 == " " })
            guard let colon = content.firstIndex(of: ":") else {
                throw WebConfigError(path: path, line: number, reason: "expected \"key: value\"")
            }
            let key = try unquote(String(content[..<colon]), path: path, line: number)
            let value = try unquote(
                String(content[content.index(after: colon)...].drop(while: { $0 == " " })), path: path, line: number)
            if !indented {
                guard key == "basic_auth_users" else {
                    throw WebConfigError(
                        path: path, line: number,
                        reason:
                            "\(key) is not supported by llm-usage-exporter (only basic_auth_users); terminate TLS in a reverse proxy"
                    )
                }
                guard value.isEmpty || value == "{}" else {
                    throw WebConfigError(
                        path: path, line: number,
                        reason: "basic_auth_users must be a map of user names to bcrypt hashes")
                }
                section = key
                continue
            }
            guard section == "basic_auth_users" else {
                throw WebConfigError(path: path, line: number, reason: "an indented entry outside basic_auth_users")
            }
            guard !key.isEmpty, value.hasPrefix("$2") else {
                throw WebConfigError(
                    path: path, line: number,
                    reason: "user \"\(key)\" needs a bcrypt hash ($2y$...), as htpasswd -nBC 10 makes")
            }
            config.users[key] = value
        }
        return config
    }

    private static func commentStart(_ line: String) -> String.Index? {
        var quote: Character?
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "#", previous == " " {
                return index
            }
            previous = character
        }
        return nil
    }

    private static func unquote(_ text: String, path: String, line: Int) throws(WebConfigError) -> String {
        guard let first = text.first, first == "'" || first == "\"" else { return text }
        guard text.count >= 2, text.last == first else {
            throw WebConfigError(path: path, line: line, reason: "an unclosed quote")
        }
        return String(text.dropFirst().dropLast())
    }
}
