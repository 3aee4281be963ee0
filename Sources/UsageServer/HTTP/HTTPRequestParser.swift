/// Parses a request head from buffered bytes, within fixed bounds.
enum HTTPRequestParser {
    static let maxRequestLine = 8 * 1024
    static let maxHeadBytes = 16 * 1024
    static let maxHeaders = 100

    /// The request and the length of its head when `bytes` hold a complete head; nil when
    /// more bytes are needed.
    static func parse(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> (HTTPRequest, Int)? {
        guard let headEnd = findHeadEnd(bytes) else {
            if let lineEnd = bytes.firstIndex(of: 0x0A) {
                guard lineEnd - bytes.startIndex <= maxRequestLine else { throw .uriTooLong }
            } else if bytes.count > maxRequestLine {
                throw .uriTooLong
            }
            if bytes.count > maxHeadBytes { throw .headersTooLarge }
            return nil
        }
        let headLength = headEnd - bytes.startIndex
        guard headLength <= maxHeadBytes else { throw .headersTooLarge }
        var lines = bytes[bytes.startIndex..<headEnd].split(separator: 0x0A, omittingEmptySubsequences: false).map {
            line in
            line.last == 0x0D ? line.dropLast() : line
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let requestLine = lines.first else { throw .badRequest("empty request") }
        guard requestLine.count <= maxRequestLine else { throw .uriTooLong }
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .badRequest("malformed request line")
        }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        let version = String(decoding: parts[2], as: UTF8.self)
        guard method.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) else {
            throw .badRequest("malformed method")
        }
        guard version.hasPrefix("HTTP/") else { throw .badRequest("malformed version") }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else { throw .versionNotSupported }
        // The absolute form (RFC 9112 3.2.2), which a proxy sends: the path is what follows the authority.
        var requestPath = target
        if let scheme = ["http://", "https://"].first(where: { target.lowercased().hasPrefix($0) }) {
            let rest = target.dropFirst(scheme.count)
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }), slash > rest.startIndex else {
                throw .badRequest("malformed target")
            }
            requestPath = rest[slash] == "?" ? "/" + rest[slash...] : String(rest[slash...])
        }
        guard requestPath.hasPrefix("/") || requestPath == "*" else { throw .badRequest("malformed target") }

        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard headers.count < maxHeaders else { throw .headersTooLarge }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else {
                throw .badRequest("malformed header")
            }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).lowercased()
            guard !name.contains(" "), !name.contains("\t") else { throw .badRequest("malformed header name") }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingSpaces()
            headers.append((name, value))
        }
        // A body's framing said twice, or two ways, is how requests are smuggled past a proxy
        // that reads the other one (RFC 9112 6.3): refused, and the connection closed.
        let lengths = headers.filter { $0.name == "content-length" }.flatMap {
            $0.value.split(separator: ",").map { $0.filter { $0 != " " && $0 != "\t" } }
        }
        let encoded = headers.contains(where: { $0.name == "transfer-encoding" })
        if Set(lengths).count > 1 || (!lengths.isEmpty && encoded) {
            throw .badRequest("conflicting Content-Length and Transfer-Encoding headers")
        }
        if let length = lengths.first, length != "0" { throw .bodyNotAccepted }
        if encoded { throw .bodyNotAccepted }
        let (path, query) = splitTarget(requestPath)
        return (
            HTTPRequest(method: method, path: path, query: query, version: version, headers: headers), headLength + 1
        )
    }

    /// Index of the `\n` that ends the head (`\r\n\r\n` or a bare `\n\n`).
    private static func findHeadEnd(_ bytes: ArraySlice<UInt8>) -> Int? {
        var index = bytes.startIndex
        let limit = min(bytes.endIndex, bytes.startIndex + maxHeadBytes + 4)
        while index < limit {
            if bytes[index] == 0x0A {
                var next = index + 1
                if next < bytes.endIndex, bytes[next] == 0x0D { next += 1 }
                if next < bytes.endIndex, bytes[next] == 0x0A { return next }
            }
            index += 1
        }
        return nil
    }

    private static func splitTarget(_ target: String) -> (String, String) {
        guard let mark = target.firstIndex(of: "?") else { return (target, "") }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars = scalars.dropFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
