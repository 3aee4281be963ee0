import ByteJSON

extension PriceTable {
    /// Fields read from a LiteLLM entry, all in USD per token.
    private enum Field {
        static let input = "input_cost_per_token"
        static let output = "output_cost_per_token"
        static let cacheWrite5m = "cache_creation_input_token_cost"
        static let cacheWrite1h = "cache_creation_input_token_cost_above_1hr"
        static let cacheRead = "cache_read_input_token_cost"
        /// The five rates, in ``TokenRates`` order; a long-context tier appends `_above_<N>k_tokens`.
        static let rates = [input, output, cacheWrite5m, cacheWrite1h, cacheRead]
        /// Our extension: the fast-mode multiplier (LiteLLM puts it in `provider_specific_entry.fast`).
        static let fastMultiplier = "fast_multiplier"
    }

    /// This table with the entries of a LiteLLM-format price file merged over it.
    ///
    /// Each key is stored under its exact (lower-cased) id and under its normalised name.
    /// Several keys can normalise to one name (`claude-sonnet-4-5`, `bedrock/...`,
    /// `us-gov.anthropic....` with regional prices): the provider's own entry wins over a
    /// cloud's (Bedrock, Vertex AI, Foundry), which wins over a reseller's; then the least
    /// decorated key, then the latest date. Fields a file entry lacks keep the value the table
    /// already had, so a LiteLLM entry without long-context fields does not erase the rule.
    /// An `alias_of` entry (`claude-opus-latest`) takes its target's prices.
    package func merging(priceFile bytes: [UInt8], path: String) throws(PriceFileError) -> PriceTable {
        let document: JSONValue
        do {
            document = try JSONValue.parse(bytes)
        } catch {
            let offset: Int
            switch error {
            case .malformed(let at), .tooDeep(let at), .invalidUTF8(let at): offset = at
            }
            let (line, column) = PriceTable.lineAndColumn(of: offset, in: bytes)
            throw .malformedJSON(path: path, line: line, column: column, reason: error.description)
        }
        guard case .object(let members) = document else { throw .notAnObject(path: path) }
        var byKey: [String: JSONValue] = [:]
        for (key, value) in members { byKey[key] = value }

        var merged = self
        var claimed: [String: (trust: Int, name: ModelName)] = [:]
        for (key, value) in members where key != "sample_spec" {
            guard case .object = value else { continue }
            var entry = value
            var isAlias = false
            if value[Field.input] == nil, value[Field.output] == nil, let target = value["alias_of"]?.stringValue {
                guard let resolved = byKey[target], resolved["alias_of"] == nil else { continue }
                entry = resolved
                isAlias = true
            }
            // Entries priced per image, per second or per query have no token prices: not ours.
            guard let prices = try LiteLLMPrices(entry, path: path, model: key) else { continue }

            let exact = key.lowercased()
            let name = ModelName(exact)
            let litellmProvider = entry["litellm_provider"]?.stringValue ?? ""
            let provider = PriceTable.provider(of: litellmProvider, name: name.base)
            if exact != name.base || isAlias {
                merged.set(
                    exact, merged.mergedPrice(exact, prices, provider: provider), provider: provider, origin: path)
            }
            // `claude-opus-latest` names whatever is newest: it prices that id, never a `claude-opus`.
            if isAlias { continue }
            let trust = PriceTable.trust(of: litellmProvider)
            if let previous = claimed[name.base],
                (previous.trust, previous.name.decoration, previous.name.date) >= (trust, name.decoration, name.date)
            {
                continue
            }
            claimed[name.base] = (trust, name)
            // Merge over the table as it was before this file, so file entries never mix.
            let price = self.mergedPrice(name.base, prices, provider: provider)
            merged.set(name.base, price, provider: provider, origin: path)
        }
        return merged
    }

    /// The prices one LiteLLM entry gives, in USD per million tokens; nil when it has no token prices.
    private struct LiteLLMPrices {
        /// The five rates by ``Field/rates`` index, where the entry has them.
        var rates: [Double?]
        /// The long-context tier: its threshold in prompt tokens and its rates.
        var longContext: (threshold: UInt64, rates: [Double?])?
        var fastMultiplier: Double?

        init?(_ entry: JSONValue, path: String, model: String) throws(PriceFileError) {
            func number(_ field: String, in object: JSONValue = entry) throws(PriceFileError) -> Double? {
                guard let raw = object[field], raw != .null else { return nil }
                guard let value = raw.doubleValue else {
                    throw .invalidField(path: path, model: model, field: field, reason: "not a number")
                }
                guard value >= 0 else {
                    throw .invalidField(path: path, model: model, field: field, reason: "negative price")
                }
                return value
            }
            var rates: [Double?] = []
            for field in Field.rates { rates.append(try number(field).map(PriceTable.perMillion)) }
            guard rates[0] != nil || rates[1] != nil else { return nil }
            self.rates = rates
            // `input_cost_per_token_above_200k_tokens` names the tier (Claude 200k, Haiku 5.5 100k, GPT-5.4 272k);
            // with several tiers the lowest applies.
            let tiers = PriceTable.tierThresholds(in: entry)
            if let thousands = tiers.min() {
                var longRates: [Double?] = []
                for field in Field.rates {
                    longRates.append(try number("\(field)_above_\(thousands)k_tokens").map(PriceTable.perMillion))
                }
                longContext = (UInt64(thousands) * 1000, longRates)
            }
            let specific = entry["provider_specific_entry"] ?? .null
            let ours = try number(Field.fastMultiplier)
            let litellm = try number("fast", in: specific)
            fastMultiplier = ours ?? litellm
        }
    }

    /// USD per token as USD per million tokens, rounded to a billionth of a dollar per million
    /// so that `1e-07` lists as 0.1, not 0.09999999999999999.
    static func perMillion(_ perToken: Double) -> Double {
        (perToken * 1e15).rounded() / 1e9
    }

    /// The `N` of every `input_cost_per_token_above_<N>k_tokens` field of an entry.
    private static func tierThresholds(in entry: JSONValue) -> [Int] {
        guard case .object(let members) = entry else { return [] }
        let prefix = Field.input + "_above_"
        return members.compactMap { member in
            guard member.key.hasPrefix(prefix), member.key.hasSuffix("k_tokens") else { return nil }
            let digits = member.key.dropFirst(prefix.count).dropLast("k_tokens".count)
            return digits.count > 6 ? nil : Int(digits)
        }
    }

    private func mergedPrice(_ name: String, _ prices: LiteLLMPrices, provider: String) -> ModelPrice {
        let isAnthropic = provider == "anthropic"
        let old = entries[name]?.price
        let rates = PriceTable.rates(prices.rates, isAnthropic: isAnthropic, old: old?.rates)
        var longContext = old?.longContextRates
        var threshold = old?.longContextThreshold ?? 200_000
        if let tier = prices.longContext, tier.rates[0] != nil {
            var tierRates = tier.rates
            // A tier without its own output rate keeps the standard one.
            tierRates[1] = tierRates[1] ?? rates.output
            longContext = PriceTable.rates(tierRates, isAnthropic: isAnthropic, old: nil)
            threshold = tier.threshold
        }
        return ModelPrice(
            rates: rates,
            longContextRates: longContext,
            longContextThreshold: threshold,
            fastMultiplier: prices.fastMultiplier ?? old?.fastMultiplier ?? 1
        )
    }

    /// Rates from a file's fields, the old rates where it has none, else Anthropic's ratios
    /// (5m write 1.25x, 1h write 2x, read 0.1x the input) or, for others, the input price.
    private static func rates(_ fields: [Double?], isAnthropic: Bool, old: TokenRates?) -> TokenRates {
        let input = fields[0] ?? old?.input ?? 0
        let output = fields[1] ?? old?.output ?? 0
        let cacheWrite5m = fields[2] ?? old?.cacheWrite5m ?? (isAnthropic ? input * 5 / 4 : input)
        return TokenRates(
            input: input,
            output: output,
            cacheWrite5m: cacheWrite5m,
            cacheWrite1h: fields[3] ?? old?.cacheWrite1h ?? (isAnthropic ? input * 2 : cacheWrite5m),
            cacheRead: fields[4] ?? old?.cacheRead ?? (isAnthropic ? input / 10 : input)
        )
    }

    private static func provider(of litellmProvider: String, name: String) -> String {
        if ModelName.contains(litellmProvider, "anthropic") || name.hasPrefix("claude") { return "anthropic" }
        if ModelName.contains(litellmProvider, "openai") || litellmProvider.hasPrefix("azure") || name.hasPrefix("gpt")
            || name.hasPrefix("text-embedding") || name.hasPrefix("o1") || name.hasPrefix("o3") || name.hasPrefix("o4")
        {
            return "openai"
        }
        if litellmProvider.hasPrefix("gemini") || litellmProvider.hasPrefix("vertex_ai") || name.hasPrefix("gemini") {
            return "google"
        }
        return litellmProvider.isEmpty ? "unknown" : litellmProvider
    }

    /// How far a price file's entry speaks for a model's list price: the provider's own (or an
    /// entry that names no provider, as a user's file does) 2, a cloud that resells at list
    /// prices or its regional ones 1, anyone else 0.
    private static func trust(of litellmProvider: String) -> Int {
        if litellmProvider.isEmpty || litellmProvider == "anthropic" || litellmProvider == "openai" { return 2 }
        let clouds = ["bedrock", "vertex_ai", "azure"]
        return clouds.contains(where: { litellmProvider.hasPrefix($0) }) ? 1 : 0
    }

    /// 1-based line and column of a byte offset, for error messages.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
