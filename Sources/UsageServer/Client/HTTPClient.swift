import UsageSystem

/// A small HTTP/1.1 client for one job: `pricing update` downloading a price file. One GET per
/// connection (`Connection: close`), redirects followed, every byte bounded: the answer's size,
/// its headers, and the time until the whole body has arrived.
package enum HTTPClient {
    /// The body of a `200 OK` answer to `GET url`, after at most five redirects (never from
    /// https to http). Anything else is an ``HTTPClientError`` naming the URL.
    package static func get(
        _ text: String, timeoutMillis: Int64, maxBytes: Int, userAgent: String
    ) throws(HTTPClientError) -> [UInt8] {
        guard var url = HTTPURL(text) else { throw .badURL(text) }
        let deadline = Clock.monotonicMillis() + timeoutMillis
        let seconds = Double(timeoutMillis) / 1000
        for _ in 0...5 {
            let connection: ClientConnection
            do {
                connection = try ClientConnection(
                    host: url.host, port: url.port, secure: url.secure, url: url.description, deadline: deadline,
                    timeoutSeconds: seconds)
            } catch {
                throw .connection(error)
            }
            let request =
                "GET \(url.target) HTTP/1.1\r\nHost: \(url.hostHeader)\r\nUser-Agent: \(userAgent)\r\n"
                + "Accept: application/json\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n"
            do {
                try connection.write(Array(request.utf8))
            } catch {
                throw .connection(error)
            }
            var reader = ResponseReader(connection: connection, url: url.description, maxBytes: maxBytes)
            let head = try reader.head()
            if [301, 302, 303, 307, 308].contains(head.status) {
                guard let location = head.headers["location"], let next = url.resolving(location) else {
                    throw .redirect(url: url.description, reason: "a \(head.status) redirect without a usable Location")
                }
                guard next.secure || !url.secure else {
                    throw .redirect(url: url.description, reason: "refusing a redirect from https to \(next)")
                }
                url = next
                continue
            }
            guard head.status == 200 else {
                throw .status(url: url.description, code: head.status, reason: head.reason)
            }
            return try reader.body(head.headers)
        }
        throw .redirect(url: text, reason: "more than five redirects")
    }

    /// Reads one response from a connection: the head, then the body by its framing.
    private struct ResponseReader {
        let connection: ClientConnection
        let url: String
        let maxBytes: Int
        /// Bytes read and not yet used.
        private var pending: [UInt8] = []
        private var ended = false
        static let maxHeadBytes = 64 << 10

        init(connection: ClientConnection, url: String, maxBytes: Int) {
            self.connection = connection
            self.url = url
            self.maxBytes = maxBytes
        }

        struct Head {
            var status: Int
            var reason: String
            /// Lower-cased names.
            var headers: [String: String]
        }

        mutating func head() throws(HTTPClientError) -> Head {
            let separator: [UInt8] = [13, 10, 13, 10]
            var end: Int?
            while end == nil {
                if pending.count >= 4 {
                    end = pending.indices.dropLast(3).first { pending[$0..<$0 + 4].elementsEqual(separator) }
                }
                if end != nil { break }
                guard pending.count <= ResponseReader.maxHeadBytes else {
                    throw .malformed(url: url, reason: "a head over \(ResponseReader.maxHeadBytes) bytes")
                }
                guard try fill() else {
                    throw .malformed(url: url, reason: "the connection closed before the head ended")
                }
            }
            let text = String(decoding: pending[..<end!], as: UTF8.self)
            pending.removeFirst(end! + 4)
            var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
            let statusLine = lines.removeFirst()
            let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1])
            else {
                throw .malformed(url: url, reason: "status line \"\(statusLine.prefix(80))\"")
            }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else {
                    throw .malformed(url: url, reason: "header line \"\(line.prefix(80))\"")
                }
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingSpaces
                if name == "content-length", let earlier = headers[name], earlier != value {
                    throw .malformed(url: url, reason: "two different Content-Length headers")
                }
                headers[name] = value
            }
            return Head(status: status, reason: parts.count > 2 ? String(parts[2]) : "", headers: headers)
        }

        /// The body, framed by `Transfer-Encoding: chunked`, `Content-Length`, or the end of the stream.
        mutating func body(_ headers: [String: String]) throws(HTTPClientError) -> [UInt8] {
            if let encoding = headers["transfer-encoding"]?.lowercased() {
                guard encoding == "chunked" else {
                    throw .malformed(url: url, reason: "Transfer-Encoding \(encoding) is not supported")
                }
                return try chunked()
            }
            if let text = headers["content-length"] {
                guard let length = Int(text), length >= 0 else {
                    throw .malformed(url: url, reason: "Content-Length \"\(text)\"")
                }
                guard length <= maxBytes else { throw .tooLarge(url: url, limit: maxBytes) }
                while pending.count < length {
                    guard try fill() else { throw .truncated(url: url, received: pending.count, expected: length) }
                }
                return Array(pending[..<length])
            }
            while try fill() {
                guard pending.count <= maxBytes else { throw .tooLarge(url: url, limit: maxBytes) }
            }
            return pending
        }

        private mutating func chunked() throws(HTTPClientError) -> [UInt8] {
            var body: [UInt8] = []
            while true {
                let sizeLine = try line()
                let digits = sizeLine.split(separator: ";", maxSplits: 1)[0].trimmingSpaces
                guard let size = Int(digits, radix: 16), size >= 0 else {
                    throw .malformed(url: url, reason: "chunk size \"\(sizeLine.prefix(40))\"")
                }
                if size == 0 { return body }
                guard body.count + size <= maxBytes else { throw .tooLarge(url: url, limit: maxBytes) }
                while pending.count < size + 2 {
                    guard try fill() else {
                        throw .truncated(url: url, received: body.count + pending.count, expected: nil)
                    }
                }
                body += pending[..<size]
                pending.removeFirst(size + 2)
            }
        }

        /// The next CRLF-terminated line.
        private mutating func line() throws(HTTPClientError) -> String {
            while true {
                if let end = pending.indices.dropLast().first(where: { pending[$0] == 13 && pending[$0 + 1] == 10 }) {
                    let text = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeFirst(end + 2)
                    return text
                }
                guard pending.count < 4096 else { throw .malformed(url: url, reason: "a chunk line over 4096 bytes") }
                guard try fill() else { throw .truncated(url: url, received: pending.count, expected: nil) }
            }
        }

        /// Reads more into ``pending``; false at the end of the stream.
        private mutating func fill() throws(HTTPClientError) -> Bool {
            guard !ended else { return false }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let connection = self.connection
            let result = chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(ConnectionError) -> Int in try connection.read(into: buffer) }
            }
            let count: Int
            do {
                count = try result.get()
            } catch {
                throw .connection(error)
            }
            if count == 0 {
                ended = true
                return false
            }
            pending += chunk[..<count]
            return true
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
