/// Labels of `llm_usage_cache_lookups_total`: an application's own response cache.
public struct CacheLookupKey: Hashable, Comparable, Sendable {
    public var source: String
    public var provider: String
    public var appService: String
    public var hit: Bool

    public init(source: String, provider: String, appService: String, hit: Bool) {
        self.source = source
        self.provider = provider
        self.appService = appService
        self.hit = hit
    }

    /// The `result` label.
    public var result: String { hit ? "hit" : "miss" }

    public static func < (lhs: CacheLookupKey, rhs: CacheLookupKey) -> Bool {
        (lhs.source, lhs.provider, lhs.appService, lhs.result) < (rhs.source, rhs.provider, rhs.appService, rhs.result)
    }
}
