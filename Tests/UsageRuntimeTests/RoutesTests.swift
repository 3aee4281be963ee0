import Foundation
import TestSupport
import Testing
import UsageExposition
import UsageModel
import UsageServer

@testable import UsageRuntime

/// The routes in process, without sockets: every path, method, auth outcome and encoding a
/// scraper can ask for (the socket tests beside these check the same server over TCP).
@Suite struct RoutesTests {
    /// A store with a published snapshot, as the ingest loop leaves it after its first pass.
    private func makeStore(ready: Bool = true) -> SnapshotStore {
        let store = SnapshotStore()
        var ledger = UsageLedger()
        ledger.register(source: "claude_code")
        store.publish(
            views: UsageViews(), rendered: .rendering { MetricsRenderer.renderViews(UsageViews(), format: $0) })
        store.publish(
            counters: ledger.counters, ready: ready, sources: [],
            rendered: .rendering { MetricsRenderer.renderUsage(ledger.counters, format: $0) })
        return store
    }

    private func get(
        _ path: String, method: String = "GET", headers: [(name: String, value: String)] = [],
        from client: String = "127.0.0.1", handler: ExporterHandler
    ) -> HTTPResponse {
        var request = HTTPRequest(method: method, path: path, headers: headers)
        request.clientAddress = client
        let response = handler.handle(request)
        // What the server's worker does with a deferred answer.
        return response.deferred?() ?? response
    }

    private func header(_ response: HTTPResponse, _ name: String) -> String? {
        response.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func metricsAndTheOtherPaths() {
        let handler = ExporterHandler(telemetryPath: "/metrics", store: makeStore())
        let metrics = get("/metrics", handler: handler)
        #expect(metrics.status == 200)
        #expect(header(metrics, "Content-Type") == MetricsRenderer.contentType)
        #expect(header(metrics, "Content-Encoding") == nil)
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains("\nllm_usage_exporter_ready 1\n"))
        #expect(text.contains("# TYPE process_resident_memory_bytes gauge"))
        #expect(get("/", handler: handler).body.starts(with: Array("<!DOCTYPE html>".utf8)))
        #expect(get("/-/healthy", handler: handler).status == 200)
        #expect(get("/-/ready", handler: handler).status == 200)
        let missing = get("/nope", handler: handler)
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self) == "not found; the metrics are at /metrics\n")
        // HEAD is served like GET (the server leaves the body out).
        #expect(get("/metrics", method: "HEAD", handler: handler).status == 200)
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "OPTIONS"])
    func otherMethodsAre405(_ method: String) {
        let response = get(
            "/metrics", method: method, handler: ExporterHandler(telemetryPath: "/metrics", store: makeStore()))
        #expect(response.status == 405)
        #expect(header(response, "Allow") == "GET, HEAD")
    }

    /// Issue 19: the process metrics as Go's client has them (with the address-space limit),
    /// `--web.disable-exporter-metrics`, and `http_server_config.headers` on every answer.
    @Test func exporterMetricsAndConfiguredHeaders() {
        let plain = String(
            decoding: get("/metrics", handler: ExporterHandler(telemetryPath: "/metrics", store: makeStore())).body,
            as: UTF8.self)
        #expect(plain.contains("\nprocess_virtual_memory_max_bytes "))
        #expect(plain.contains("\nprocess_cpu_seconds_total "))
        let handler = ExporterHandler(
            telemetryPath: "/metrics", store: makeStore(), exporterMetrics: false,
            headers: [("X-Frame-Options", "deny")])
        let without = get("/metrics", handler: handler)
        #expect(!String(decoding: without.body, as: UTF8.self).contains("process_"))
        #expect(String(decoding: without.body, as: UTF8.self).contains("llm_usage_exporter_ready 1"))
        for path in ["/metrics", "/", "/-/healthy", "/nope"] {
            #expect(header(get(path, handler: handler), "X-Frame-Options") == "deny", "\(path)")
        }
    }

    @Test func readinessFollowsTheFirstCatchUp() {
        let handler = ExporterHandler(telemetryPath: "/metrics", store: makeStore(ready: false))
        #expect(get("/-/ready", handler: handler).status == 503)
        #expect(String(decoding: get("/metrics", handler: handler).body, as: UTF8.self).contains("ready 0\n"))
    }

    @Test func aTelemetryPathOtherThanMetrics() {
        let handler = ExporterHandler(telemetryPath: "/usage", store: makeStore())
        #expect(get("/usage", handler: handler).status == 200)
        #expect(get("/metrics", handler: handler).status == 404)
    }

    @Test(arguments: [
        ("gzip", true), ("gzip, deflate, br", true), ("*", true), ("identity", false), ("gzip;q=0", false),
        ("*;q=0.5, gzip;q=0", false), ("deflate", false), ("GZIP;q=0.1", true),
    ])
    func gzipIsNegotiated(_ accept: String, _ compressed: Bool) throws {
        let handler = ExporterHandler(telemetryPath: "/metrics", store: makeStore())
        let plain = get("/metrics", handler: handler).body
        let response = get("/metrics", headers: [("accept-encoding", accept)], handler: handler)
        #expect(header(response, "Vary") == "Accept, Accept-Encoding")
        #expect((header(response, "Content-Encoding") == "gzip") == compressed, "\(accept)")
        if compressed {
            let inflated = try #require(gunzipSingleMember(response.body))
            // The process figures change between two scrapes: compare what comes before them.
            let cut = { (bytes: [UInt8]) in
                String(decoding: bytes, as: UTF8.self).components(separatedBy: "# HELP process_")[0]
            }
            #expect(cut(inflated) == cut(plain))
        } else {
            #expect(response.body.starts(with: Array("# HELP ".utf8)))
        }
    }

    @Test func basicAuthGuardsEveryPath() throws {
        let authenticator = try BasicAuthenticator(users: ["alice": BasicAuth.hash])
        let handler = ExporterHandler(telemetryPath: "/metrics", store: makeStore(), authenticator: authenticator)
        for path in ["/metrics", "/", "/-/healthy", "/-/ready", "/nope"] {
            let response = get(path, handler: handler)
            #expect(response.status == 401, "\(path)")
            #expect(header(response, "WWW-Authenticate") == "Basic realm=\"llm-usage-exporter\"")
        }
        let wrong = BasicAuth.header("alice", "wrong")
        #expect(get("/metrics", headers: [("authorization", wrong)], handler: handler).status == 401)
        let right = BasicAuth.header("alice", "s3cret")
        #expect(get("/metrics", headers: [("authorization", right)], handler: handler).status == 200)
        // Auth comes before the method check: a stranger learns nothing from a 405.
        #expect(get("/metrics", method: "POST", handler: handler).status == 401)
    }

    @Test func passwordChecksRunOffTheLoopAndFailuresAreRateLimitedPerAddress() throws {
        let authenticator = try BasicAuthenticator(users: ["alice": BasicAuth.hash])
        let handler = ExporterHandler(telemetryPath: "/metrics", store: makeStore(), authenticator: authenticator)
        func ask(_ header: String?, from client: String) -> HTTPResponse {
            var request = HTTPRequest(
                method: "GET", path: "/-/healthy", headers: header.map { [("authorization", $0)] } ?? [])
            request.clientAddress = client
            return handler.handle(request)
        }
        // Anything needing bcrypt is deferred to a worker; no credentials are refused at once.
        #expect(ask(nil, from: "10.0.0.1").status == 401)
        #expect(ask(nil, from: "10.0.0.1").deferred == nil)
        let wrong = BasicAuth.header("alice", "wrong")
        let right = BasicAuth.header("alice", "s3cret")
        for _ in 0..<BasicAuthenticator.failureLimit {
            let response = ask(wrong, from: "10.0.0.1")
            #expect(response.deferred?().status == 401)
        }
        // Past the limit the address is answered 429 without a hash computed, even with the
        // right password (it cannot tell which guess was right); other addresses are not.
        let limited = ask(right, from: "10.0.0.1")
        #expect(limited.deferred == nil)
        #expect(limited.status == 429)
        #expect(header(limited, "Retry-After") == "60")
        let other = ask(right, from: "10.0.0.2")
        #expect(other.deferred?().status == 200)
        // Verified credentials are remembered: served at once, on the loop, from anywhere.
        let cached = ask(right, from: "10.0.0.1")
        #expect(cached.deferred == nil)
        #expect(cached.status == 200)
    }
}
