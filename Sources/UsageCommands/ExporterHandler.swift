import UsageExposition
public import UsageModel
public import UsageServer

/// Routes HTTP requests: the metrics, the landing page, health and readiness.
public struct ExporterHandler: Sendable {
    public let telemetryPath: String
    public let store: SnapshotStore
    /// When set, every path needs valid basic-auth credentials.
    public let authenticator: BasicAuthenticator?

    public init(telemetryPath: String, store: SnapshotStore, authenticator: BasicAuthenticator? = nil) {
        self.telemetryPath = telemetryPath
        self.store = store
        self.authenticator = authenticator
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        if let authenticator, !authenticator.authorize(request.header("authorization")) {
            return .text(401, "unauthorized\n", headers: [("WWW-Authenticate", "Basic realm=\"llm-usage-exporter\"")])
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(405, "method \(request.method) not allowed\n", headers: [("Allow", "GET, HEAD")])
        }
        switch request.path {
        case telemetryPath:
            // The cached usage exposition and fresh process metrics, sent as two parts: no copy.
            let process = ProcessMetrics.current().map(MetricsRenderer.renderProcess) ?? []
            let snapshot = store.snapshot
            return HTTPResponse(
                status: 200, headers: [("Content-Type", MetricsRenderer.contentType)],
                bodyParts: [
                    snapshot.rendered, snapshot.renderedViews, MetricsRenderer.renderReady(snapshot.ready), process,
                ])
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
