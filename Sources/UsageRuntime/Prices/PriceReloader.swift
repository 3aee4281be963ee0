import UsageExposition
import UsageIngest
import UsageModel
import UsageSystem

/// Reads the price files again when they change, on the ingest thread between polls: new
/// requests are counted at the new prices, requests counted without a price get one now, and
/// cost already counted stays. A file that cannot be read keeps the old prices, is logged and
/// shows as `llm_usage_prices_last_reload_successful 0`.
struct PriceReloader: Sendable {
    let sources: PriceSources
    /// The files' versions the table in use was loaded from.
    private(set) var loaded: [FileFingerprint?]
    let logger: Logger

    init(sources: PriceSources, loaded: [FileFingerprint?], logger: Logger) {
        self.sources = sources
        self.loaded = loaded
        self.logger = logger
    }

    /// Reloads when a file changed since the last look (a `stat` per file otherwise).
    mutating func reloadIfChanged(_ ledger: inout UsageLedger) {
        let current = sources.fingerprints()
        guard current != loaded else { return }
        loaded = current
        let result = sources.load()
        if let error = result.error {
            logger.error("cannot load the changed prices; the old prices stay", ["error": error.description])
            ledger.lastPriceLoadSuccessful = false
            return
        }
        let late = ledger.reprice(with: result.table)
        ledger.lastPriceLoadSuccessful = true
        logger.info("prices loaded again", ["models": "\(result.table.entries.count)"])
        PriceReloader.log(late, logger)
    }

    /// One line per model whose counted requests were priced late.
    static func log(_ late: [UnpricedKey: LatePricing], _ logger: Logger) {
        for key in late.keys.sorted() {
            let priced = late[key]!
            logger.info(
                "priced requests counted before their model had a price",
                [
                    "source": key.source, "model": key.model, "requests": "\(priced.requests)",
                    "cost_usd": ExpositionWriter.format(priced.costUSD),
                ])
        }
    }
}
