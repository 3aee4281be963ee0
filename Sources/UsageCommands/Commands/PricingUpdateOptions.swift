/// `pricing update`'s own flags.
package struct PricingUpdateOptions: Equatable, Sendable {
    /// `--url`: LiteLLM's published file by default.
    package var url = PricingUpdate.defaultURL
    /// `--timeout`: the whole download, connection to last byte.
    package var timeoutMillis: Int64 = 30_000

    package init() {}
}
