import TestSupport
import Testing

@testable import UsageServer

@Suite struct BasicAuthTests {
    static let hash = BasicAuth.hash

    private func header(_ user: String, _ password: String) -> String { BasicAuth.header(user, password) }

    private func base64(_ bytes: [UInt8]) -> String { BasicAuth.base64(bytes) }

    @Test func acceptsTheRightPasswordOnly() throws {
        let auth = try BasicAuthenticator(users: ["alice": Self.hash, "bob": Self.hash.replacingPrefix("$2b$", "$2y$")])
        #expect(auth.authorize(header("alice", "s3cret")))
        // htpasswd writes $2y$ hashes: the same algorithm.
        #expect(auth.authorize(header("bob", "s3cret")))
        // Remembered, and still right the second time.
        #expect(auth.authorize(header("alice", "s3cret")))
        #expect(!auth.authorize(header("alice", "s3cret ")))
        #expect(!auth.authorize(header("alice", "wrong")))
        #expect(!auth.authorize(header("mallory", "s3cret")))
        #expect(!auth.authorize(nil))
        #expect(!auth.authorize("Bearer abc"))
        #expect(!auth.authorize("Basic !!!not-base64"))
        #expect(!auth.authorize("Basic " + base64(Array("no-colon".utf8))))
        // crypt(3) stops at a NUL: the password "s3cret" followed by anything must not pass.
        #expect(!auth.authorize("Basic " + base64(Array("alice:s3cret".utf8) + [0] + Array("x".utf8))))
    }

    @Test func answers401WithAChallengeOverHTTP() throws {
        let auth = try BasicAuthenticator(users: ["alice": Self.hash])
        try withTestServer(handler: { request in
            auth.authorize(request.header("authorization"))
                ? .text(200, "ok\n")
                : .text(401, "unauthorized\n", headers: [("WWW-Authenticate", "Basic realm=\"x\"")])
        }) { port in
            let client = TestClient(port: port)!
            client.send("GET /metrics HTTP/1.1\r\nAuthorization: \(header("alice", "s3cret"))\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
            client.send("GET /metrics HTTP/1.1\r\nAuthorization: \(header("alice", "nope"))\r\n\r\n")
            let denied = try #require(client.readResponse())
            #expect(denied.status == 401)
            #expect(denied.headers["www-authenticate"] == "Basic realm=\"x\"")
        }
    }

    @Test(arguments: [
        ("", 0, nil as String?),
        ("# users\nbasic_auth_users:\n  alice: \(hash)  # the admin\n  \"bob\": '\(hash)'\n", 2, nil),
        (
            "tls_server_config:\n  cert_file: a.pem\n", 0,
            "x.yml:1: tls_server_config is not supported by llm-usage-exporter (only basic_auth_users); terminate TLS in a reverse proxy"
        ),
        (
            "basic_auth_users:\n  alice: plain\n", 0,
            "x.yml:2: user \"alice\" needs a bcrypt hash ($2y$...), as htpasswd -nBC 10 makes"
        ),
        ("basic_auth_users:\n\talice: x\n", 0, "x.yml:2: tabs are not allowed in YAML indentation"),
        ("basic_auth_users: alice\n", 0, "x.yml:1: basic_auth_users must be a map of user names to bcrypt hashes"),
        ("just text\n", 0, "x.yml:1: expected \"key: value\""),
    ])
    func parsesTheWebConfig(_ text: String, _ users: Int, _ expectedError: String?) {
        do {
            let config = try WebConfig.parse(text, path: "x.yml")
            #expect(expectedError == nil, "accepted, expected: \(expectedError ?? "")")
            #expect(config.users.count == users)
            if users > 0 { #expect(config.users["bob"] == Self.hash) }
        } catch {
            #expect(error.description == expectedError)
        }
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, _ replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
