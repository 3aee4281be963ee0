import UsageExposition
import UsageModel
package import UsageServer
import UsageSystem

/// Routes HTTP requests: the metrics, the landing page, health and readiness.
package struct ExporterHandler: Sendable {
    package let telemetryPath: String
    package let store: SnapshotStore
    /// When set, every path needs valid basic-auth credentials.
    package let authenticator: BasicAuthenticator?
    /// Who scraped what, for holding new series at 0 until every scraper has seen it.
    package let scrapers: ScraperLog
    /// False with `--web.disable-exporter-metrics`: no `process_*`.
    package let exporterMetrics: Bool
    /// `http_server_config.headers` of the web configuration, on every response.
    package let headers: [(String, String)]

    package init(
        telemetryPath: String, store: SnapshotStore, authenticator: BasicAuthenticator? = nil,
        scrapers: ScraperLog = ScraperLog(), exporterMetrics: Bool = true, headers: [(String, String)] = []
    ) {
        self.headers = headers
        self.exporterMetrics = exporterMetrics
        self.telemetryPath = telemetryPath
        self.store = store
        self.authenticator = authenticator
        self.scrapers = scrapers
    }

    /// True when an `Accept-Encoding` value admits gzip: `gzip`, or else `*`, with a quality
    /// above 0 (an explicit `gzip;q=0` wins over `*`).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        var gzip: Double?
        var any: Double?
        for item in header.split(separator: ",") {
            let fields = item.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            let quality = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            switch fields.first {
            case "gzip": gzip = quality
            case "*": any = quality
            default: break
            }
        }
        return (gzip ?? any ?? 0) > 0
    }

    /// The answer to `request`: at once when it needs no password check, else a deferred
    /// one (the bcrypt check runs on a worker, never on the server's loop).
    package func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard !headers.isEmpty else { return route(request) }
        var response = route(request)
        if let deferred = response.deferred {
            let headers = self.headers
            response.deferred = {
                var answer = deferred()
                answer.headers += headers.map { (name: $0.0, value: $0.1) }
                return answer
            }
        } else {
            response.headers += headers.map { (name: $0.0, value: $0.1) }
        }
        return response
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        guard let authenticator else { return serve(request) }
        switch authenticator.verdict(for: request.header("authorization"), from: request.clientAddress) {
        case .allowed:
            return serve(request)
        case .refused:
            return ExporterHandler.unauthorized
        case .limited:
            return .text(
                429, "too many failed logins from this address; try again later\n",
                headers: [("Retry-After", String(BasicAuthenticator.failureWindowMillis / 1000))])
        case .check(let check):
            return .later { check() ? serve(request) : ExporterHandler.unauthorized }
        }
    }

    private static let unauthorized = HTTPResponse.text(
        401, "unauthorized\n", headers: [("WWW-Authenticate", "Basic realm=\"llm-usage-exporter\"")])

    private func serve(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(405, "method \(request.method) not allowed\n", headers: [("Allow", "GET, HEAD")])
        }
        switch request.path {
        case telemetryPath:
            // The cached usage exposition and gauges and a fresh tail, sent as parts: no copy.
            let snapshot = store.snapshot
            if snapshot.ready, request.method == "GET" {
                scrapers.note(
                    client: request.clientAddress, userAgent: request.header("user-agent"),
                    generation: snapshot.generation, atMillis: Clock.realtimeMillis())
            }
            let format = ExpositionFormat.negotiate(request.header("accept"))
            var tail =
                MetricsRenderer.renderReady(snapshot.ready, format: format)
                + ((exporterMetrics ? ProcessMetrics.current() : nil).map {
                    MetricsRenderer.renderProcess($0, format: format)
                } ?? [])
            if format == .openMetrics { tail += ExpositionWriter.openMetricsEnd }
            let headers = [("Content-Type", format.contentType), ("Vary", "Accept, Accept-Encoding")]
            if ExporterHandler.acceptsGzip(request.header("accept-encoding")),
                let usage = snapshot.rendered.deflated(format), let views = snapshot.renderedViews.deflated(format),
                let deflatedTail = Gzip.deflate(tail)
            {
                return HTTPResponse(
                    status: 200, headers: headers + [("Content-Encoding", "gzip")],
                    bodyParts: Gzip.body([usage, views, deflatedTail]))
            }
            return HTTPResponse(
                status: 200, headers: headers,
                bodyParts: [snapshot.rendered[format], snapshot.renderedViews[format], tail])
        case "/":
            let body = LandingPage.render(store.snapshot, telemetryPath: telemetryPath)
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: body)
        case "/-/healthy":
            return .text(200, "Healthy\n")
        case "/-/ready":
            return store.snapshot.ready
                ? .text(200, "Ready\n") : .text(503, "Not ready: catching up with the sources\n")
        default:
            return .text(404, "not found; the metrics are at \(telemetryPath)\n")
        }
    }
}
