import Foundation
import TestSupport
import Testing
import UsageRuntime
import UsageServer
import UsageSystem

extension BundleTests {
    /// Issue 19: https as exporter-toolkit serves it, through the system's OpenSSL: curl and a
    /// real Prometheus over TLS and mutual TLS, renewed certificates, bad files named at start.
    @Suite(.timeLimit(.minutes(3))) struct TLSTests {
        private func tool(_ name: String) throws -> String {
            try #require(ProcessRunner.which(name), "\(name) is needed (apt-get install \(name))")
        }

        /// The exporter serving one transcript (42 output tokens) with `webConfig`.
        private func startExporter(_ tree: TempTree, webConfig: String) throws -> RunningExporter {
            tree.write("projects/-home-dev-app/s.jsonl", assistantLine(id: "m1", output: 42))
            tree.write("web.yml", webConfig)
            var options = ExporterOptions()
            options.listenAddresses = [ListenAddress(host: "127.0.0.1", port: 0)]
            options[source: "claude_code"].paths = [tree.root]
            options[source: "codex"].enabled = false
            options.stateDir = ""
            options.user = "dev"
            options.webConfigFile = tree.path("web.yml")
            return try Exporter(options: options, environment: [:], logger: Logger(capture: true)).start()
        }

        /// curl's status code for `url` ("000" when the connection or handshake failed) and body.
        private func curl(_ url: String, _ arguments: [String] = []) throws -> (code: String, body: String) {
            let result = try ProcessRunner.run(
                try tool("curl"), ["-s", "--max-time", "10", "-w", "\n%{http_code}", url] + arguments)
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
        }

        private func tls(_ certificates: TestCertificates, _ extra: String = "") -> String {
            """
            tls_server_config:
              cert_file: \(certificates.path("server.crt"))
              key_file: \(certificates.path("server.key"))
            \(extra)
            """
        }

        @Test func curlAndPrometheusScrapeOverHTTPS() throws {
            let certificates = try TestCertificates()
            let tree = TempTree()
            let exporter = try startExporter(tree, webConfig: tls(certificates))
            defer { exporter.stop() }
            let port = exporter.ports[0]
            let ca = certificates.path("ca.crt")
            let metrics = try curl("https://localhost:\(port)/metrics", ["--cacert", ca])
            #expect(metrics.code == "200")
            #expect(metrics.body.contains(#"token_type="output"} 42"#))
            // Many requests on one kept-alive connection, and a large response, over TLS.
            let twice = try curl("https://127.0.0.1:\(port)/metrics", ["--cacert", ca, "https://127.0.0.1:\(port)/"])
            #expect(twice.code == "200" && twice.body.contains("llm_usage_exporter_ready 1"))
            // Not trusted without the CA; plain HTTP is told what is wrong, as Go's servers tell it.
            #expect(try curl("https://localhost:\(port)/metrics").code == "000")
            let plain = try curl("http://127.0.0.1:\(port)/metrics")
            #expect(plain.code == "400")
            #expect(plain.body.hasPrefix("Client sent an HTTP request to an HTTPS server.\n"))

            let server = try PrometheusServer(
                executable: try tool("prometheus"),
                scrapeConfigs: """
                      - job_name: llm-usage
                        scheme: https
                        tls_config: {ca_file: '\(ca)', server_name: localhost}
                        static_configs: [{targets: ['127.0.0.1:\(port)']}]
                    """)
            let scraped = EndToEndTests.waitUntil(seconds: 30) {
                server.values(#"sum(llm_usage_tokens_total{token_type="output"})"#).first?.value == 42
            }
            #expect(scraped, "\(server.diagnostics)")
            #expect(server.values("up").first?.value == 1)
            #expect(server.values(#"up{job="llm-usage"}"#).count == 1)
        }

        /// Clients that connect and never say hello, or stop half-way through a handshake, hold
        /// slots as slow readers do: a scrape reclaims one.
        @Test func silentClientsNeverLockAScrapeOut() throws {
            let certificates = try TestCertificates()
            let tree = TempTree()
            let exporter = try startExporter(tree, webConfig: tls(certificates))
            defer { exporter.stop() }
            var silent: [TestClient] = []
            for index in 0..<60 {
                guard let client = TestClient(port: exporter.ports[0]) else { continue }
                // Every other one sends the start of a TLS record and nothing more.
                if index % 2 == 0 { client.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]) }
                silent.append(client)
            }
            usleep(200_000)
            let scrape = try curl(
                "https://localhost:\(exporter.ports[0])/metrics", ["--cacert", certificates.path("ca.crt")])
            #expect(scrape.code == "200")
            #expect(scrape.body.contains(#"token_type="output"} 42"#))
            #expect(silent.count == 60)
        }

        @Test func mutualTLSAcceptsTheCAsClientsAndRefusesEveryOther() throws {
            let certificates = try TestCertificates()
            let tree = TempTree()
            let exporter = try startExporter(
                tree,
                webConfig: tls(
                    certificates,
                    """
                      client_auth_type: RequireAndVerifyClientCert
                      client_ca_file: \(certificates.path("ca.crt"))
                      client_allowed_sans: [prometheus.example]
                    """))
            defer { exporter.stop() }
            let url = "https://localhost:\(exporter.ports[0])/metrics"
            let ca = ["--cacert", certificates.path("ca.crt")]
            let client = ["--cert", certificates.path("client.crt"), "--key", certificates.path("client.key")]
            let accepted = try curl(url, ca + client)
            #expect(accepted.code == "200" && accepted.body.contains(#"token_type="output"} 42"#))
            // No certificate, and one from a CA the exporter does not trust, are refused.
            #expect(try curl(url, ca).code == "000")
            let stranger = [
                "--cert", certificates.path("other-client.crt"), "--key", certificates.path("other-client.key"),
            ]
            #expect(try curl(url, ca + stranger).code == "000")
            // The server's own certificate is from the right CA but names no allowed SAN.
            let unnamed = ["--cert", certificates.path("server.crt"), "--key", certificates.path("server.key")]
            #expect(try curl(url, ca + unnamed).code == "000")

            let server = try PrometheusServer(
                executable: try tool("prometheus"),
                scrapeConfigs: """
                      - job_name: mtls
                        scheme: https
                        tls_config:
                          ca_file: '\(certificates.path("ca.crt"))'
                          cert_file: '\(certificates.path("client.crt"))'
                          key_file: '\(certificates.path("client.key"))'
                          server_name: localhost
                        static_configs: [{targets: ['127.0.0.1:\(exporter.ports[0])']}]
                      - job_name: no-certificate
                        scheme: https
                        tls_config: {ca_file: '\(certificates.path("ca.crt"))', server_name: localhost}
                        static_configs: [{targets: ['127.0.0.1:\(exporter.ports[0])']}]
                    """)
            let scraped = EndToEndTests.waitUntil(seconds: 30) {
                server.values(#"up{job="mtls"}"#).first?.value == 1
                    && server.values(#"up{job="no-certificate"}"#).first?.value == 0
            }
            #expect(scraped, "\(server.diagnostics)")
            #expect(server.values(#"sum(llm_usage_tokens_total{job="mtls",token_type="output"})"#).first?.value == 42)
            #expect(server.values(#"llm_usage_tokens_total{job="no-certificate"}"#).isEmpty)
        }

        @Test func versionsCiphersAndCurvesAreThoseConfigured() throws {
            let certificates = try TestCertificates()
            let tree = TempTree()
            let exporter = try startExporter(
                tree,
                webConfig: tls(
                    certificates,
                    """
                      max_version: TLS12
                      cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]
                      curve_preferences: [CurveP384]
                    """))
            defer { exporter.stop() }
            let openssl = try tool("openssl")
            let connect = [
                "s_client", "-connect", "127.0.0.1:\(exporter.ports[0])", "-CAfile", certificates.path("ca.crt"),
            ]
            let twelve = try ProcessRunner.run(openssl, connect + ["-groups", "P-256:P-384"], input: Array("Q\n".utf8))
            #expect(twelve.stdout.contains("Protocol  : TLSv1.2"), "\(twelve.stdout)")
            #expect(twelve.stdout.contains("Cipher    : ECDHE-ECDSA-AES256-GCM-SHA384"), "\(twelve.stdout)")
            #expect(twelve.stdout.contains("Server Temp Key: ECDH, secp384r1"), "\(twelve.stdout)")
            #expect(twelve.stdout.contains("Verify return code: 0 (ok)"), "\(twelve.stdout)")
            // TLS 1.3 is above max_version; a cipher outside the list is refused.
            let thirteen = try ProcessRunner.run(openssl, connect + ["-tls1_3"], input: Array("Q\n".utf8))
            #expect(!thirteen.stdout.contains("TLSv1.3"), "\(thirteen.stdout)")
            let cipher = try ProcessRunner.run(
                openssl, connect + ["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"], input: Array("Q\n".utf8))
            #expect(cipher.stdout.contains("Cipher is (NONE)"), "\(cipher.stdout)")

            // The default minimum is TLS 1.2, as exporter-toolkit's.
            let defaults = TempTree()
            let plain = try startExporter(defaults, webConfig: tls(certificates))
            defer { plain.stop() }
            let old = try ProcessRunner.run(
                openssl, ["s_client", "-connect", "127.0.0.1:\(plain.ports[0])", "-tls1_1"], input: Array("Q\n".utf8))
            #expect(old.stdout.contains("Cipher is (NONE)"), "\(old.stdout)")
        }

        @Test func renewedCertificatesAreServedWithoutARestart() throws {
            let certificates = try TestCertificates()
            let tree = TempTree()
            tree.write("server.crt", try String(contentsOfFile: certificates.path("server.crt"), encoding: .utf8))
            tree.write("server.key", try String(contentsOfFile: certificates.path("server.key"), encoding: .utf8))
            let exporter = try startExporter(
                tree, webConfig: "tls_server_config: {cert_file: server.crt, key_file: server.key}\n")
            defer { exporter.stop() }
            let url = "https://localhost:\(exporter.ports[0])/metrics"
            #expect(try curl(url, ["--cacert", certificates.path("ca.crt")]).code == "200")

            // A half-written renewal (a certificate without its key) keeps the old pair serving.
            tree.write("server.crt", try String(contentsOfFile: certificates.path("other-server.crt"), encoding: .utf8))
            usleep(1_100_000)
            #expect(try curl(url, ["--cacert", certificates.path("ca.crt")]).code == "200")
            // The whole renewal: the new certificate is served at the next connection.
            tree.write("server.key", try String(contentsOfFile: certificates.path("other-server.key"), encoding: .utf8))
            let renewed = try EndToEndTests.waitUntil(seconds: 10) {
                try curl(url, ["--cacert", certificates.path("other-ca.crt")]).code == "200"
            }
            #expect(renewed)
            #expect(try curl(url, ["--cacert", certificates.path("ca.crt")]).code == "000")
        }

        @Test func aBadKeyOrCertificateIsAnErrorAtStartNamingTheFile() throws {
            let binary = try #require(BinaryTests.binary, "llm-usage-exporter was not built beside the tests")
            let certificates = try TestCertificates()
            let tree = TempTree()
            tree.write("garbage.pem", "not a PEM file\n")
            let cases: [(cert: String, key: String, expected: String)] = [
                (
                    tree.path("garbage.pem"), certificates.path("server.key"),
                    "tls_server_config.cert_file \(tree.path("garbage.pem")): not a PEM certificate"
                ),
                (
                    certificates.path("server.crt"), tree.path("garbage.pem"),
                    "tls_server_config.key_file \(tree.path("garbage.pem")): not an unencrypted PEM private key"
                ),
                // A key that is not the certificate's.
                (
                    certificates.path("server.crt"), certificates.path("client.key"),
                    "tls_server_config.key_file \(certificates.path("client.key")): not an unencrypted PEM private key for the certificate of tls_server_config.cert_file \(certificates.path("server.crt"))"
                ),
                (
                    tree.path("missing.crt"), certificates.path("server.key"),
                    "tls_server_config.cert_file \(tree.path("missing.crt")): "
                ),
            ]
            for (cert, key, expected) in cases {
                tree.write("web.yml", "tls_server_config:\n  cert_file: \(cert)\n  key_file: \(key)\n")
                let result = try ProcessRunner.run(
                    binary,
                    [
                        "--web.listen-address=127.0.0.1:0", "--state.dir=", "--source.claude-code", tree.root,
                        "--web.config.file=\(tree.path("web.yml"))",
                    ])
                #expect(result.status == 2, "\(result.stderr)")
                #expect(result.stderr.contains("flag --web.config.file: \(expected)"), "\(result.stderr)")
            }
        }
    }
}
