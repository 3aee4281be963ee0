/// An `http://` or `https://` URL as a client needs it: where to connect and what to ask for.
package struct HTTPURL: Equatable, Sendable, CustomStringConvertible {
    package var secure: Bool
    /// The host name or address (IPv6 without its brackets).
    package var host: String
    package var port: UInt16
    /// The path and query, `/` at least.
    package var target: String

    /// Parses `scheme://host[:port][/path][?query]`; nil for anything else (user info and
    /// fragments are not sent, so they are refused rather than dropped).
    package init?(_ text: String) {
        let secure: Bool
        let rest: Substring
        if text.lowercased().hasPrefix("https://") {
            secure = true
            rest = text.dropFirst("https://".count)
        } else if text.lowercased().hasPrefix("http://") {
            secure = false
            rest = text.dropFirst("http://".count)
        } else {
            return nil
        }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var target = String(rest[authorityEnd...])
        if target.isEmpty || target.hasPrefix("?") { target = "/" + target }
        guard !authority.isEmpty, !authority.contains("@"), !target.contains("#"),
            !target.contains(where: { $0 == " " || $0.isNewline })
        else { return nil }
        var host = authority
        var port: UInt16 = secure ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let parsed = UInt16(after.dropFirst()) else { return nil }
                port = parsed
            }
        } else if let colon = authority.lastIndex(of: ":") {
            guard let parsed = UInt16(authority[authority.index(after: colon)...]) else { return nil }
            host = authority[..<colon]
            port = parsed
        }
        guard !host.isEmpty else { return nil }
        self.secure = secure
        self.host = String(host)
        self.port = port
        self.target = target
    }

    /// The URL a `Location` header points to, relative to this one.
    package func resolving(_ location: String) -> HTTPURL? {
        if location.contains("://") { return HTTPURL(location) }
        guard location.hasPrefix("/"), !location.hasPrefix("//") else { return nil }
        var next = self
        next.target = location
        return HTTPURL(next.description)
    }

    /// The `Host` header: the port only where it is not the scheme's own.
    package var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
    }

    package var description: String { (secure ? "https://" : "http://") + hostHeader + target }
}
