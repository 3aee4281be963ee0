import UsageRuntime
import UsageServer
import UsageSystem

/// Fetches a running exporter's exposition over loopback HTTP, with a short timeout: the
/// status line asks the exporter, which has every number computed, instead of reading history.
enum MetricsFetcher {
    /// The body of `GET path`, or nil when nothing answers within `timeoutMillis`.
    static func fetch(_ address: ListenAddress, path: String, timeoutMillis: Int64 = 300) -> String? {
        let host = address.host.isEmpty ? "127.0.0.1" : address.host
        let url = "http://" + ListenAddress(host: host, port: address.port).description + path
        guard
            let body = try? HTTPClient.get(
                url, timeoutMillis: timeoutMillis, maxBytes: 64 << 20, userAgent: ScraperLog.statusLineUserAgent)
        else { return nil }
        return String(decoding: body, as: UTF8.self)
    }
}
