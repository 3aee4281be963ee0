/// `pricing update`'s own flags.
public struct PricingUpdateOptions: Equatable, Sendable {
    /// `--url`: LiteLLM's published file by default.
    public var url = PricingUpdate.defaultURL
    /// `--timeout`: the whole download, connection to last byte.
    public var timeoutMillis: Int64 = 30_000

    public init() {}
}
