import ByteJSON

extension PriceTable {
    /// Fields read from a LiteLLM entry, all in USD per token.
    private enum Field {
        static let input = "input_cost_per_token"
        static let output = "output_cost_per_token"
        static let cacheWrite5m = "cache_creation_input_token_cost"
        static let cacheWrite1h = "cache_creation_input_token_cost_above_1hr"
        static let cacheRead = "cache_read_input_token_cost"
        static let longInput = "input_cost_per_token_above_200k_tokens"
        static let longOutput = "output_cost_per_token_above_200k_tokens"
        static let longCacheWrite5m = "cache_creation_input_token_cost_above_200k_tokens"
        static let longCacheWrite1h = "cache_creation_input_token_cost_above_1hr_above_200k_tokens"
        static let longCacheRead = "cache_read_input_token_cost_above_200k_tokens"
        /// Our extension: the fast-mode multiplier (LiteLLM has no field for it).
        static let fastMultiplier = "fast_multiplier"
        static let all = [
            input, output, cacheWrite5m, cacheWrite1h, cacheRead, longInput, longOutput, longCacheWrite5m,
            longCacheWrite1h, longCacheRead, fastMultiplier,
        ]
    }

    /// This table with the entries of a LiteLLM-format price file merged over it.
    ///
    /// Each key is stored under its exact (lower-cased) id and under its normalised name.
    /// Several keys can normalise to one name (`claude-sonnet-4-5`, `bedrock/...`,
    /// `us-gov.anthropic....` with regional prices): the least decorated key wins, then the
    /// latest date. Fields a file entry lacks keep the value the table already had, so a
    /// LiteLLM entry without long-context fields does not erase the long-context rule.
    public func merging(priceFile bytes: [UInt8], path: String) throws(PriceFileError) -> PriceTable {
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

        var merged = self
        var claimed: [String: ModelName] = [:]
        for (key, value) in members where key != "sample_spec" {
            guard case .object = value else { continue }
            var fields: [String: Double] = [:]
            for field in Field.all {
                guard let raw = value[field], raw != .null else { continue }
                guard let number = raw.doubleValue else {
                    throw .invalidField(path: path, model: key, field: field, reason: "not a number")
                }
                guard number >= 0 else {
                    throw .invalidField(path: path, model: key, field: field, reason: "negative price")
                }
                fields[field] = number
            }
            // Entries priced per image, per second or per query have no token prices: not ours.
            guard fields[Field.input] != nil || fields[Field.output] != nil else { continue }

            let exact = key.lowercased()
            let name = ModelName(exact)
            let provider = PriceTable.provider(of: value["litellm_provider"]?.stringValue ?? "", name: name.base)
            if exact != name.base {
                merged.set(
                    exact, merged.mergedPrice(exact, fields, provider: provider), provider: provider, origin: path)
            }
            if let previous = claimed[name.base],
                previous.decoration > name.decoration
                    || (previous.decoration == name.decoration && previous.date >= name.date)
            {
                continue
            }
            claimed[name.base] = name
            // Merge over the table as it was before this file, so file entries never mix.
            let price = self.mergedPrice(name.base, fields, provider: provider)
            merged.set(name.base, price, provider: provider, origin: path)
        }
        return merged
    }

    private func mergedPrice(_ name: String, _ fields: [String: Double], provider: String) -> ModelPrice {
        let perMillion = { (field: String) in fields[field].map { $0 * 1_000_000 } }
        let isAnthropic = provider == "anthropic"
        let old = entries[name]?.price
        let input = perMillion(Field.input) ?? old?.rates.input ?? 0
        let output = perMillion(Field.output) ?? old?.rates.output ?? 0
        let cacheWrite5m =
            perMillion(Field.cacheWrite5m) ?? old?.rates.cacheWrite5m ?? (isAnthropic ? input * 1.25 : input)
        let rates = TokenRates(
            input: input,
            output: output,
            cacheWrite5m: cacheWrite5m,
            cacheWrite1h: perMillion(Field.cacheWrite1h) ?? old?.rates.cacheWrite1h
                ?? (isAnthropic ? input * 2 : cacheWrite5m),
            cacheRead: perMillion(Field.cacheRead) ?? old?.rates.cacheRead ?? (isAnthropic ? input * 0.1 : input)
        )
        var longContext = old?.longContextRates
        if let longInput = perMillion(Field.longInput) {
            let longWrite5m = perMillion(Field.longCacheWrite5m) ?? longInput * 1.25
            longContext = TokenRates(
                input: longInput,
                output: perMillion(Field.longOutput) ?? output,
                cacheWrite5m: longWrite5m,
                cacheWrite1h: perMillion(Field.longCacheWrite1h) ?? (isAnthropic ? longInput * 2 : longWrite5m),
                cacheRead: perMillion(Field.longCacheRead) ?? (isAnthropic ? longInput * 0.1 : longInput)
            )
        }
        return ModelPrice(
            rates: rates,
            longContextRates: longContext,
            longContextThreshold: old?.longContextThreshold ?? 200_000,
            fastMultiplier: fields[Field.fastMultiplier] ?? old?.fastMultiplier ?? 1
        )
    }

    private static func provider(of litellmProvider: String, name: String) -> String {
        if litellmProvider.contains("anthropic") || name.hasPrefix("claude") { return "anthropic" }
        if litellmProvider.contains("openai") || litellmProvider.hasPrefix("azure") || name.hasPrefix("gpt")
            || name.hasPrefix("text-embedding") || name.hasPrefix("o1") || name.hasPrefix("o3") || name.hasPrefix("o4")
        {
            return "openai"
        }
        return litellmProvider.isEmpty ? "unknown" : litellmProvider
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
