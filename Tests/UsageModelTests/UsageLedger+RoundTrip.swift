@testable import UsageModel

extension UsageLedger {
    /// The ledger's state sections, as a save writes them.
    func savedPayload() -> [UInt8] {
        var sections = StateSections()
        encode(into: &sections)
        return sections.payload
    }

    /// The ledger saved and restored, as a restart does.
    func savedAndRestored(prices: PriceTable = .bundled, costMode: CostMode = .auto) throws -> UsageLedger {
        try UsageLedger.decode(from: StateSections(reading: savedPayload()), prices: prices, costMode: costMode)
    }
}
