import UsageExposition
public import UsageModel
public import UsageServer

/// Routes HTTP requests: the metrics, the landing page, health and readiness.
public struct ExporterHandler: Sendable {
    public let telemetryPath: String
    public let store: SnapshotStore

    public init(telemetryPath: String, store: SnapshotStore) {
        self.telemetryPath = telemetryPath
        self.store = store
    }

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .text(405, "method \(request.method) not allowed\n", headers: [("Allow", "GET, HEAD")])
        }
        switch request.path {
        case telemetryPath:
            // The cached usage exposition and fresh process metrics, sent as two parts: no copy.
            let process = ProcessMetrics.current().map(MetricsRenderer.renderProcess) ?? []
            return HTTPResponse(
                status: 200, headers: [("Content-Type", MetricsRenderer.contentType)],
                bodyParts: [store.snapshot.rendered, process])
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
