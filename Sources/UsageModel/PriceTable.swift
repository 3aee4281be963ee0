/// Prices by normalised model name: the bundled table, optionally merged with a price file.
public struct PriceTable: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var price: ModelPrice
        /// Which provider bills it (`anthropic`, `openai`).
        public var provider: String
        /// Where the entry came from: `bundled` or the price file's path.
        public var origin: String
    }

    public private(set) var entries: [String: Entry]

    public init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// The price for a model id as it appears in a log, after normalisation; nil when unknown.
    public func price(for model: String) -> ModelPrice? {
        if let exact = entries[model] { return exact.price }
        return entries[ModelName(model).base]?.price
    }

    /// Adds or replaces the entry for a normalised name.
    public mutating func set(_ name: String, _ price: ModelPrice, provider: String, origin: String) {
        entries[name] = Entry(price: price, provider: provider, origin: origin)
    }

    /// Entries sorted by name, for listing.
    public var sorted: [(name: String, entry: Entry)] {
        entries.keys.sorted().map { ($0, entries[$0]!) }
    }
}

extension PriceTable {
    /// Who bills a model: the price table's provider, else what the name says
    /// (`claude-*` Anthropic; `gpt-*`, `o1`/`o3`/`o4`, `text-embedding-*`, `codex-*` OpenAI), else `unknown`.
    public func provider(for model: String) -> String {
        if let entry = entries[model] ?? entries[ModelName(model).base] { return entry.provider }
        let base = ModelName(model).base
        if base.hasPrefix("claude") { return "anthropic" }
        let openAI = ["gpt-", "o1", "o3", "o4", "text-embedding-", "codex-", "davinci", "chatgpt"]
        if openAI.contains(where: { base.hasPrefix($0) }) { return "openai" }
        if base.hasPrefix("gemini") { return "google" }
        return "unknown"
    }
}
