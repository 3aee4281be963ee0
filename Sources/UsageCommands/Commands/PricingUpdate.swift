import UsageIngest
import UsageModel
import UsageRuntime
import UsageServer
import UsageSystem

/// `llm-usage-exporter pricing update`: downloads LiteLLM's current price file, checks it, and
/// writes it atomically into the state folder, where a running exporter reads it within a poll.
/// A failed download, a file that does not parse or one that does not look like LiteLLM's
/// list changes nothing: the prices in use stay.
enum PricingUpdate {
    /// LiteLLM's published price file.
    static let defaultURL =
        "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
    /// LiteLLM's file is 3.4 MB; this leaves it room to grow and bounds a hostile server.
    static let maxBytes = 64 << 20
    /// A file must price at least this share of the bundled models to replace them.
    static let minimumCoverage = 0.9

    struct Outcome: Equatable {
        var status: Int32
        var out: String
        var err: String
    }

    static func run(_ exporter: Exporter, _ options: PricingUpdateOptions) -> Outcome {
        func failed(_ message: String, status: Int32 = 1) -> Outcome {
            Outcome(status: status, out: "", err: "llm-usage-exporter: error: pricing update: \(message)\n")
        }
        let sources = exporter.priceSources
        guard let destination = sources.updatedFile, let stateDir = exporter.stateDir else {
            return failed("it writes into the state folder, and --state.dir is empty", status: 2)
        }
        let bytes: [UInt8]
        do {
            bytes = try HTTPClient.get(
                options.url, timeoutMillis: options.timeoutMillis, maxBytes: maxBytes,
                userAgent: "llm-usage-exporter/\(ExporterVersion.version)")
        } catch {
            return failed("\(error); the prices in use are unchanged")
        }
        let downloaded: PriceTable
        do {
            downloaded = try PriceTable().merging(priceFile: bytes, path: options.url)
        } catch {
            return failed("\(error); the prices in use are unchanged")
        }
        let bundledModels = PriceTable.bundled.entries.keys.filter { ModelName($0).base == $0 }.sorted()
        let missing = bundledModels.filter { downloaded.price(for: $0) == nil }
        let priced = bundledModels.count - missing.count
        guard Double(priced) >= minimumCoverage * Double(bundledModels.count) else {
            let examples = missing.prefix(5).joined(separator: ", ")
            return failed(
                "\(options.url) prices \(priced) of the \(bundledModels.count) models of the bundled table "
                    + "(missing \(examples)...): not LiteLLM's price list? The prices in use are unchanged")
        }
        let before = sources.load().table
        let after = sources.load(updatedBytes: bytes).table
        do {
            try FileBytes.makeDirectories(stateDir)
            try FileBytes.write(bytes, atomicallyTo: destination)
        } catch {
            return failed("\(error); the prices in use are unchanged")
        }
        let added = after.entries.keys.filter { before.entries[$0] == nil }.count
        let changed = after.entries.keys.filter { key in
            before.entries[key].map { $0.price != after.entries[key]!.price } ?? false
        }.count
        var text =
            "wrote \(destination) from \(options.url) (\(bytes.count) bytes): \(downloaded.entries.count) model ids priced"
        text += "; against the prices in use \(added) new, \(changed) changed\n"
        if !missing.isEmpty {
            text += "not in the file, kept at the bundled prices: \(missing.joined(separator: ", "))\n"
        }
        text +=
            "A running exporter with this state folder uses it from its next poll; `pricing` shows each row's origin.\n"
        return Outcome(status: 0, out: text, err: "")
    }
}
