import TestSupport
import Testing
import UsageCommands
import UsageIngest
import UsageRuntime
import UsageServer
import UsageSystem

@Suite(.timeLimit(.minutes(1))) struct AccessControlTests {
    /// "s3cret", hashed by Python's crypt module, not by this code.
    static let hash = BasicAuth.hash

    private func options(_ tree: TempTree, config: String) -> ExporterOptions {
        tree.write("web.yml", config)
        var options = ExporterOptions()
        options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
        options[source: "claude_code"].paths = [tree.root]
        options.stateDir = ""
        options.webConfigFile = tree.path("web.yml")
        return options
    }

    @Test func everyPathNeedsCredentialsWhenUsersAreConfigured() throws {
        let tree = TempTree()
        let running = try Exporter(
            options: options(tree, config: "basic_auth_users:\n  prometheus: \(Self.hash)\n"), environment: [:],
            logger: Logger(capture: true)
        ).start()
        defer { running.stop() }
        let port = running.ports[0]
        for path in ["/metrics", "/", "/-/healthy"] {
            let denied = try #require(httpGet(port: port, path))
            #expect(denied.status == 401, "\(path)")
            #expect(denied.headers["www-authenticate"] == "Basic realm=\"llm-usage-exporter\"")
        }
        let client = try #require(TestClient(port: port))
        // "prometheus:s3cret" in base64.
        client.send("GET /-/healthy HTTP/1.1\r\nAuthorization: Basic cHJvbWV0aGV1czpzM2NyZXQ=\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        client.send("GET /-/healthy HTTP/1.1\r\nAuthorization: Basic cHJvbWV0aGV1czp3cm9uZw==\r\n\r\n")
        #expect(client.readResponse()?.status == 401)
    }

    @Test func keysWeDoNotImplementAreRefusedAtStart() {
        let tree = TempTree()
        let exporter = Exporter(
            options: options(tree, config: "rate_limit:\n  burst: 2\n"), environment: [:],
            logger: Logger(capture: true))
        #expect(
            throws: UsageError(
                "flag --web.config.file: \(tree.path("web.yml")):1: rate_limit is not supported by llm-usage-exporter (only tls_server_config, http_server_config and basic_auth_users)"
            )
        ) { try exporter.start() }
    }

    /// A TLS section without its key is refused at start, before anything listens.
    @Test func anIncompleteTLSSectionIsRefusedAtStart() {
        let tree = TempTree()
        let exporter = Exporter(
            options: options(tree, config: "tls_server_config:\n  cert_file: server.crt\n"), environment: [:],
            logger: Logger(capture: true))
        #expect(
            throws: UsageError(
                "flag --web.config.file: \(tree.path("web.yml")):2: tls_server_config: missing one of key or key_file")
        ) { try exporter.start() }
    }
}
