import Foundation
import TestSupport
import Testing
import UsageSystem

@testable import UsageServer

@Suite(.timeLimit(.minutes(1))) struct HTTPServerTests {
    @Test func servesKeepAliveRequestsAndHead() throws {
        try withTestServer { port in
            let client = TestClient(port: port)!
            client.send("GET /a?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try #require(client.readResponse())
            #expect(first.status == 200)
            #expect(String(decoding: first.body, as: UTF8.self) == "hello /a\n")
            #expect(first.headers["connection"] == "keep-alive")
            client.send("HEAD /b HTTP/1.1\r\n\r\n")
            let head = try #require(client.readResponse(head: true))
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == "9")
            #expect(head.body.isEmpty)
            client.send("GET /c HTTP/1.1\r\nConnection: close\r\n\r\n")
            let last = try #require(client.readResponse())
            #expect(String(decoding: last.body, as: UTF8.self) == "hello /c\n")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        try withTestServer { port in
            let client = TestClient(port: port)!
            client.send("GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.0\r\n\r\n")
            let bodies = (0..<3).compactMap { _ in
                client.readResponse().map { String(decoding: $0.body, as: UTF8.self) }
            }
            #expect(bodies == ["hello /1\n", "hello /2\n", "hello /3\n"])
            #expect(client.isClosedByPeer())
        }
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("get / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("GET / XTTP/1.1\r\n\r\n", 400),
        ("GET noslash HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nbad header\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 413),
        ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\n\r\n", 414),
        ("GET / HTTP/1.1\r\nX: \(String(repeating: "b", count: 20_000))\r\n\r\n", 431),
        ("GET / HTTP/1.1\r\n" + String(repeating: "H: v\r\n", count: 101) + "\r\n", 431),
        // A body framed twice: what a proxy reading the other header would pass as a second request.
        ("GET / HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 0, 44\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("GET http://host HTTP/1.1\r\n\r\n", 400),
    ])
    func refusesBadRequestsWithAStatusAndCloses(_ request: String, _ status: Int) throws {
        try withTestServer { port in
            let client = TestClient(port: port)!
            client.send(request)
            let response = try #require(client.readResponse())
            #expect(response.status == status)
            #expect(response.headers["connection"] == "close")
            #expect(client.isClosedByPeer())
        }
    }

    /// RFC 9112 3.2.2: a request target may be absolute (`http://host/path`), as proxies send it.
    @Test func absoluteFormTargetsAreServed() throws {
        try withTestServer(handler: { .text(200, "\($0.method) \($0.path) \($0.query)\n") }) { port in
            let client = TestClient(port: port)!
            client.send("GET http://localhost:\(port)/metrics?x=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "GET /metrics x=1\n")
        }
    }

    @Test func slowClientsTimeOutWhileOthersAreServed() throws {
        try withTestServer({ $0.readTimeoutMillis = 300 }) { port in
            let slow = TestClient(port: port)!
            slow.send("GET / HTTP/1.1\r\nHost:")
            let normal = TestClient(port: port)!
            normal.send("GET /ok HTTP/1.1\r\n\r\n")
            #expect(normal.readResponse()?.status == 200)
            let timedOut = try #require(slow.readResponse())
            #expect(timedOut.status == 408)
            #expect(slow.isClosedByPeer())
        }
    }

    @Test func slowAndIdleClientsCannotLockOutARealScrape() throws {
        try withTestServer({
            $0.maxConnections = 8
            $0.readTimeoutMillis = 30_000
        }) { port in
            // Slowloris: many clients that send a request head a few bytes at a time, never finishing.
            var slow: [TestClient] = []
            for _ in 0..<100 {
                guard let client = TestClient(port: port, receiveTimeoutMillis: 200) else { continue }
                client.send("GET /metrics HTTP/1.1\r\nX-Slow: ")
                slow.append(client)
            }
            for round in 0..<5 {
                let start = Clock.monotonicMillis()
                let response = try #require(httpGet(port: port, "/real-\(round)"))
                #expect(response.status == 200)
                #expect(response.body == "hello /real-\(round)\n")
                #expect(Clock.monotonicMillis() - start < 1000)
                for client in slow.prefix(20) { client.send("a") }
            }
            #expect(slow.count == 100)
        }
    }

    @Test func refusesConnectionsOnlyWhenEverySlotIsServing() throws {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 32 << 20)
        try withTestServer(
            { $0.maxConnections = 2 },
            handler: { request in request.path == "/big" ? HTTPResponse(status: 200, body: big) : .text(200, "ok\n") }
        ) { port in
            // Two clients ask for a large body and do not read it: both slots stay busy writing.
            let first = TestClient(port: port)!
            let second = TestClient(port: port)!
            first.send("GET /big HTTP/1.1\r\n\r\n")
            second.send("GET /big HTTP/1.1\r\n\r\n")
            usleep(200_000)
            let third = TestClient(port: port)!
            #expect(third.readResponse()?.status == 503)
            _ = consume first
            _ = consume second
            usleep(200_000)
            #expect(httpGet(port: port, "/ok")?.status == 200)
        }
    }

    @Test func survivesClientsThatVanishMidResponse() throws {
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 8 << 20)
        try withTestServer(handler: { request in
            request.path == "/big" ? HTTPResponse(status: 200, body: big) : .text(200, "small\n")
        }) { port in
            for _ in 0..<5 {
                let quitter = TestClient(port: port)!
                quitter.send("GET /big HTTP/1.1\r\n\r\n")
                var byte: UInt8 = 0
                _ = recv(quitter.fd, &byte, 1, 0)
            }
            let client = TestClient(port: port)!
            client.send("GET /big HTTP/1.1\r\n\r\n")
            #expect(client.readResponse()?.body.count == big.count)
            client.send("GET /small HTTP/1.1\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
        }
    }

    @Test func stopClosesTheListener() throws {
        let server = HTTPServer(configuration: .init(addresses: [ListenAddress(host: "127.0.0.1", port: 0)])) { _ in
            .text(200, "x")
        }
        let port = try server.start()[0]
        server.stop()
        #expect(TestClient(port: port) == nil)
    }

    @Test(arguments: [
        ("127.0.0.1:10120", ListenAddress(host: "127.0.0.1", port: 10120)),
        (":9", ListenAddress(host: "", port: 9)),
        ("[::1]:80", ListenAddress(host: "::1", port: 80)),
        ("localhost:0", ListenAddress(host: "localhost", port: 0)),
    ])
    func parsesListenAddresses(_ text: String, _ expected: ListenAddress) {
        #expect(ListenAddress(parsing: text) == expected)
    }

    @Test(arguments: ["10120", "host:", "host:99999", "::1:80", "[::1:80", "a:b"])
    func refusesBadListenAddresses(_ text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }

    @Test func reportsAddressesInUse() throws {
        try withTestServer { port in
            let second = HTTPServer(configuration: .init(addresses: [ListenAddress(host: "127.0.0.1", port: port)])) {
                _ in .text(200, "")
            }
            #expect(throws: ServerError(address: "127.0.0.1:\(port)", reason: "Address already in use")) {
                try second.start()
            }
        }
    }
}
