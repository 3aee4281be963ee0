/// Labels of `llm_usage_cache_lookups_total`: an application's own response cache.
package struct CacheLookupKey: Hashable, Comparable, Sendable {
    package var source: String
    package var provider: String
    package var appService: String
    package var hit: Bool

    package init(source: String, provider: String, appService: String, hit: Bool) {
        self.source = source
        self.provider = provider
        self.appService = appService
        self.hit = hit
    }

    /// The `result` label.
    package var result: String { hit ? "hit" : "miss" }

    package static func < (lhs: CacheLookupKey, rhs: CacheLookupKey) -> Bool {
        (lhs.source, lhs.provider, lhs.appService, lhs.result) < (rhs.source, rhs.provider, rhs.appService, rhs.result)
    }
}
