extension UsageLedger {
    /// Whether the price files last loaded (`llm_usage_prices_last_reload_successful`); a
    /// restored ledger takes it from the one it replaces.
    package var lastPriceLoadSuccessful: Bool {
        get { stored.lastPriceLoadSuccessful }
        set { stored.lastPriceLoadSuccessful = newValue }
    }

    /// Counts new requests at `table`'s prices from now on, and prices the requests counted
    /// while their model had none (``priceAwaitingRequests()``). Cost already counted is never
    /// rewritten: a changed price applies to the requests after the change.
    @discardableResult
    package mutating func reprice(with table: PriceTable) -> [UnpricedKey: LatePricing] {
        prices = table
        seriesPrices = stored.seriesKeys.map { table.price(for: $0.model) }
        return priceAwaitingRequests()
    }

    /// Prices, once, every request counted while its model had no price and whose model has
    /// one now: each at its own tokens (long-context tier and fast mode included, as if it had
    /// been priced when it came), so the cost counter and the cost histogram catch up. The
    /// history buckets the periods, budgets, blocks and reports sum take their share of the
    /// late cost in proportion to their tokens at the model's standard rates; the session
    /// gauges, which keep no tokens by model, do not. Returns what it priced, by source and model.
    package mutating func priceAwaitingRequests() -> [UnpricedKey: LatePricing] {
        let ready = seriesAwaitingPrice.filter { seriesPrices[Int($0)] != nil }
        guard !ready.isEmpty else { return [:] }
        let prices = seriesPrices
        var late: [SeriesID: LatePricing] = [:]
        var histograms: [SeriesID: Histogram] = [:]
        dedup.update { entry in
            guard entry.has(DedupEntry.unpricedFlag), ready.contains(entry.series),
                let price = prices[Int(entry.series)]
            else { return nil }
            let cost = price.cost(of: entry.tokens, fast: entry.has(DedupEntry.fastFlag))
            late[entry.series, default: LatePricing()].requests += 1
            late[entry.series, default: LatePricing()].costUSD += cost
            histograms[entry.series, default: Histogram(bucketCount: RequestHistograms.costBounds.count)]
                .observe(cost, bounds: RequestHistograms.costBounds)
            return DedupEntry(
                tokens: entry.tokens, costUSD: cost, series: entry.series,
                flags: entry.flags & ~DedupEntry.unpricedFlag)
        }
        seriesAwaitingPrice.subtract(ready)
        var result: [UnpricedKey: LatePricing] = [:]
        for (series, priced) in late {
            let index = Int(series)
            stored.totals[index].costUSD += priced.costUSD
            stored.totals[index].hasCost = true
            stored.histograms[index].cost.absorb(histograms[series]!)
            let key = UnpricedKey(source: stored.seriesKeys[index].source, model: stored.seriesKeys[index].model)
            result[key, default: LatePricing()].requests += priced.requests
            result[key, default: LatePricing()].costUSD += priced.costUSD
        }
        timeline.spread(
            lateCosts: Dictionary(
                uniqueKeysWithValues: late.map { ($0.key, ($0.value.costUSD, prices[Int($0.key)]!.rates)) }))
        return result
    }
}
