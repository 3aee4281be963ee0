import Dispatch
import TestSupport
import Testing
import UsageSystem

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
            "rate_limit:\n  burst: 2\n", 0,
            "x.yml:1: rate_limit is not supported by llm-usage-exporter (only tls_server_config, http_server_config and basic_auth_users)"
        ),
        // Issue 19: any YAML form of the same file.
        (#"{"basic_auth_users": {"alice": "\#(hash)", "bob": "\#(hash)"}}"#, 2, nil),
        ("---\nbasic_auth_users: {alice: '\(hash)', \"bob\": \"\(hash)\"}\n", 2, nil),
        ("{\n  \"basic_auth_users\": {\n    \"alice\": \"\(hash)\",\n    \"bob\": \"\(hash)\"\n  }\n}\n", 2, nil),
        (
            "basic_auth_users:\n    # two users\n    alice: \(hash)\n\n    bob: \(hash)\nhttp_server_config:\n  http2: false\n",
            2, nil
        ),
        (
            "http_server_config:\n  http2: true\n", 0,
            "x.yml:2: http2: true is not supported: llm-usage-exporter serves HTTP/1.1"
        ),
        (
            "http_server_config:\n  headers:\n    Server: x\n", 0,
            "x.yml:3: the header Server cannot be set; allowed: Strict-Transport-Security, X-Content-Type-Options, X-Frame-Options, X-XSS-Protection, Content-Security-Policy"
        ),
        ("basic_auth_users: {alice: x\n", 0, "x.yml:1: an unclosed {"),
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

    /// Reproduction 3: the dummy hash was always cost 10, so at cost 5 a known user answered
    /// in 2.4 ms and an unknown one in 63.7 ms.
    @Test(arguments: ["05", "12"]) func theDummyHashHasTheConfiguredCost(_ cost: String) throws {
        let configured = try #require(Crypt.hash("s3cret", setting: "$2y$\(cost)$abcdefghijklmnopqrstuu"))
        let dummy = BasicAuthenticator.dummy(matching: [configured, configured, BasicAuth.hash])
        #expect(dummy.hasPrefix("$2y$\(cost)$"))
        // A real hash crypt accepts as a setting: checking against it costs what a real one does.
        #expect(Crypt.hash("anything", setting: dummy)?.hasPrefix("$2y$\(cost)$") == true)
        #expect(Crypt.hash("anything", setting: dummy) != dummy)
    }

    @Test func knownAndUnknownUsersTakeTheSameTime() throws {
        let configured = try #require(Crypt.hash("s3cret", setting: "$2y$05$abcdefghijklmnopqrstuu"))
        let auth = try BasicAuthenticator(users: ["alice": configured])
        var known: [Int64] = []
        var unknown: [Int64] = []
        // Interleaved, and the fastest of each compared: the machine is shared and noisy, and
        // other tests run beside this one, so a median can land on a round another test slowed.
        for round in 0..<40 {
            let started = Int64(DispatchTime.now().uptimeNanoseconds)
            #expect(!auth.authorize(header(round % 2 == 0 ? "alice" : "mallory", "wrong\(round)")))
            (round % 2 == 0 ? { known.append($0) } : { unknown.append($0) })(
                Int64(DispatchTime.now().uptimeNanoseconds) - started)
        }
        let ratio = Double(unknown.min()!) / Double(known.min()!)
        #expect(ratio > 0.4 && ratio < 2.5, "unknown/known = \(ratio)")
    }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, _ replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
