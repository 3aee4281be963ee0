/// The two exposition formats a scrape can ask for.
package enum ExpositionFormat: Sendable, CaseIterable {
    /// Prometheus text format 0.0.4: the fallback, and what `--once` prints.
    case text
    /// OpenMetrics 1.0.0: `# UNIT`, counters' `_created`, `# EOF`.
    case openMetrics

    package var contentType: String {
        switch self {
        case .text: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The format an `Accept` header asks for: OpenMetrics (1.0.0 or 0.0.1, the versions
    /// Prometheus sends) when its quality is above 0 and not below text's; else text.
    package static func negotiate(_ accept: String?) -> ExpositionFormat {
        guard let accept else { return .text }
        var openMetrics = 0.0
        var text = 0.0
        for item in accept.split(separator: ",") {
            let fields = item.split(separator: ";").map { $0.filter { $0 != " " && $0 != "\t" }.lowercased() }
            guard let type = fields.first else { continue }
            let parameters = fields.dropFirst()
            let quality = parameters.first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let version = parameters.first { $0.hasPrefix("version=") }.map { String($0.dropFirst(8)) }
            switch type {
            case "application/openmetrics-text" where version == nil || version == "1.0.0" || version == "0.0.1":
                openMetrics = max(openMetrics, quality)
            case "text/plain", "text/*", "*/*":
                text = max(text, quality)
            default: break
            }
        }
        return openMetrics > 0 && openMetrics >= text ? .openMetrics : .text
    }
}
