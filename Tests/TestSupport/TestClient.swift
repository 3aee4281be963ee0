import Foundation
package import UsageServer
import UsageSystem

/// A raw TCP client for server tests: sends exact bytes, reads exact responses.
package final class TestClient {
    package let fd: Int32

    /// Connects to 127.0.0.1:port, from `source` (another loopback address, as a second
    /// client host) and with a receive buffer of `receiveBuffer` bytes when given; nil when
    /// nothing listens there.
    package init?(
        port: UInt16, receiveTimeoutMillis: Int = 5000, source: String? = nil, receiveBuffer: Int32? = nil
    ) {
        // A local until connected: a failed init of a class whose properties are all set runs
        // its deinit, which would close the descriptor a second time (and so, once the number
        // is reused, close another test's file).
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            _ = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        var timeout = timeval(tv_sec: receiveTimeoutMillis / 1000, tv_usec: (receiveTimeoutMillis % 1000) * 1000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
    }

    deinit { close(fd) }

    package func send(_ text: String) {
        send(Array(text.utf8))
    }

    package func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            offset += count
        }
    }

    private var pending: [UInt8] = []

    /// One response: status, headers (lower-cased names) and body; nil when the connection closed first.
    package func readResponse(head isHead: Bool = false) -> (status: Int, headers: [String: String], body: [UInt8])? {
        while true {
            if let end = headEnd() {
                let head = String(decoding: pending[0..<end], as: UTF8.self)
                let lines = head.split(separator: "\r\n")
                let status = Int(lines[0].split(separator: " ")[1])!
                var headers: [String: String] = [:]
                for line in lines.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    headers[parts[0].lowercased()] = parts[1].trimmingCharacters()
                }
                pending.removeFirst(end + 4)
                let body: [UInt8]
                if isHead {
                    body = []
                } else if headers["transfer-encoding"]?.lowercased() == "chunked" {
                    guard let chunked = readChunked() else { return nil }
                    body = chunked
                } else if let length = headers["content-length"].flatMap({ Int($0) }) {
                    while pending.count < length {
                        guard receive() else { return nil }
                    }
                    body = Array(pending[0..<length])
                    pending.removeFirst(length)
                } else {
                    // No length: the body runs to the end of the connection.
                    while receive() {}
                    body = pending
                    pending = []
                }
                return (status, headers, body)
            }
            guard receive() else { return nil }
        }
    }

    /// True when the peer closed the connection (reads 0) within the receive timeout.
    package func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }

    /// A chunked body (RFC 9112, 7.1), trailers ignored.
    private func readChunked() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let lineEnd = crlf(from: 0) else {
                guard receive() else { return nil }
                continue
            }
            let sizeText = String(decoding: pending[0..<lineEnd], as: UTF8.self).split(separator: ";")[0]
            guard let size = Int(sizeText.trimmingCharacters(), radix: 16) else { return nil }
            while pending.count < lineEnd + 2 + size + 2 {
                guard receive() else { return nil }
            }
            body.append(contentsOf: pending[(lineEnd + 2)..<(lineEnd + 2 + size)])
            pending.removeFirst(lineEnd + 2 + size + 2)
            if size == 0 { return body }
        }
    }

    private func crlf(from start: Int) -> Int? {
        guard pending.count >= start + 2 else { return nil }
        for index in start..<(pending.count - 1) where pending[index] == 13 && pending[index + 1] == 10 {
            return index
        }
        return nil
    }

    private func receive() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        pending.append(contentsOf: chunk[0..<count])
        return true
    }

    private func headEnd() -> Int? {
        guard pending.count >= 4 else { return nil }
        for index in 0...(pending.count - 4)
        where pending[index] == 13 && pending[index + 1] == 10 && pending[index + 2] == 13 && pending[index + 3] == 10 {
            return index
        }
        return nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " }))
    }
}

/// Runs `body` against a server on an ephemeral loopback port, then stops it.
package func withTestServer(
    _ configure: (inout HTTPServer.Configuration) -> Void = { _ in },
    handler: @escaping HTTPServer.Handler = { request in .text(200, "hello \(request.path)\n") },
    _ body: (UInt16) throws -> Void
) throws {
    var configuration = HTTPServer.Configuration(addresses: [ListenAddress(host: "127.0.0.1", port: 0)])
    configure(&configuration)
    let server = HTTPServer(configuration: configuration, handler: handler)
    let ports = try server.start()
    defer { server.stop() }
    try body(ports[0])
}
