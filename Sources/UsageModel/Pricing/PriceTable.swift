/// Prices by normalised model name: the bundled table, optionally merged with a price file.
package struct PriceTable: Equatable, Sendable {
    package struct Entry: Equatable, Sendable {
        package var price: ModelPrice
        /// Which provider bills it (`anthropic`, `openai`).
        package var provider: String
        /// Where the entry came from: `bundled` or the price file's path.
        package var origin: String
    }

    package private(set) var entries: [String: Entry]

    package init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// The price for a model id as it appears in a log; nil when unknown.
    package func price(for model: String) -> ModelPrice? { entry(for: model)?.price }

    /// The entry for a model id: the id itself (lower-cased), then the id without a path prefix
    /// or Claude Code's `[1m]` marker (`converse/jp.anthropic.claude-…` is LiteLLM's regional
    /// `jp.anthropic.claude-…`), then its normalised name.
    package func entry(for model: String) -> Entry? {
        let lowered = model.lowercased()
        if let exact = entries[lowered] { return exact }
        var bare = Substring(lowered)
        if bare.hasSuffix("]"), let open = bare.lastIndex(of: "[") { bare = bare[..<open] }
        if let slash = bare.lastIndex(of: "/") { bare = bare[bare.index(after: slash)...] }
        if bare.count != lowered.count, let entry = entries[String(bare)] { return entry }
        return entries[ModelName(model).base]
    }

    /// Adds or replaces the entry for a normalised name.
    package mutating func set(_ name: String, _ price: ModelPrice, provider: String, origin: String) {
        entries[name] = Entry(price: price, provider: provider, origin: origin)
    }

    /// Entries sorted by name, for listing.
    package var sorted: [(name: String, entry: Entry)] {
        entries.keys.sorted().map { ($0, entries[$0]!) }
    }
}

extension PriceTable {
    /// Who bills a model: the price table's provider, else what the name says
    /// (`claude-*` Anthropic; `gpt-*`, `o1`/`o3`/`o4`, `text-embedding-*`, `codex-*` OpenAI), else `unknown`.
    package func provider(for model: String) -> String {
        if let entry = entry(for: model) { return entry.provider }
        let base = ModelName(model).base
        if base.hasPrefix("claude") { return "anthropic" }
        let openAI = ["gpt-", "o1", "o3", "o4", "text-embedding-", "codex-", "davinci", "chatgpt"]
        if openAI.contains(where: { base.hasPrefix($0) }) { return "openai" }
        if base.hasPrefix("gemini") { return "google" }
        return "unknown"
    }
}
