import UsageIngest
package import UsageModel
import UsageSystem

/// What the price table is made of, merged in this order: the bundled table, the LiteLLM file
/// `pricing update` wrote into the state folder, `--pricing.file`, the config file's
/// `pricing.models`. The exporter reads the files again when they change.
package struct PriceSources: Sendable {
    /// The name of the file `pricing update` writes into the state folder.
    static let updatedFileName = "prices.json"

    /// `<state.dir>/prices.json`; nil without a state folder.
    package var updatedFile: String?
    var pricingFile: String?
    var overrides: [String: PriceOverride]
    /// Where `overrides` come from, for the table's origin column.
    var overridesOrigin: String

    init(options: ExporterOptions, stateDir: String?) {
        updatedFile = stateDir.map { $0 + "/" + PriceSources.updatedFileName }
        pricingFile = options.pricingFile
        overrides = options.priceOverrides
        overridesOrigin = options.configFile ?? "config"
    }

    /// The table, and what went wrong with each file. A missing updated file is none downloaded
    /// yet; an unreadable one is left out (``Loaded/updatedFileError``), as is a bad
    /// `--pricing.file` (``Loaded/pricingFileError``).
    /// - Parameter updatedBytes: the updated file's content as it would be (`pricing update`
    ///   compares before it writes); nil reads the file.
    package func load(updatedBytes: [UInt8]? = nil) -> Loaded {
        var loaded = Loaded(table: .bundled)
        if let updatedFile {
            do throws(UsageError) {
                if let updatedBytes {
                    loaded.table = try PriceSources.merge(updatedBytes, path: updatedFile, over: loaded.table)
                } else if let table = try PriceSources.merge(updatedFile, over: loaded.table, missingIsEmpty: true) {
                    loaded.table = table
                }
            } catch {
                loaded.updatedFileError = UsageError("prices from `pricing update`: \(error)")
            }
        }
        if let pricingFile {
            do throws(UsageError) {
                loaded.table = try PriceSources.merge(pricingFile, over: loaded.table, missingIsEmpty: false)!
            } catch {
                loaded.pricingFileError = UsageError("flag --pricing.file: \(error)")
            }
        }
        for (name, override) in overrides {
            loaded.table.set(name, override.price, provider: override.provider, origin: overridesOrigin)
        }
        return loaded
    }

    package struct Loaded {
        package var table: PriceTable
        var updatedFileError: UsageError?
        var pricingFileError: UsageError?

        /// The first problem, if any.
        var error: UsageError? { pricingFileError ?? updatedFileError }
    }

    /// The files' versions now: when they differ from the last load's, load again.
    func fingerprints() -> [FileFingerprint?] {
        [updatedFile, pricingFile].map { $0.flatMap(FileBytes.fingerprint) }
    }

    /// `table` with a LiteLLM file merged over it; nil when the file is missing and that is allowed.
    private static func merge(
        _ path: String, over table: PriceTable, missingIsEmpty: Bool
    ) throws(UsageError)
        -> PriceTable?
    {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            if missingIsEmpty, error.isNotFound { return nil }
            throw UsageError(error.description)
        }
        return try merge(bytes, path: path, over: table)
    }

    private static func merge(_ bytes: [UInt8], path: String, over table: PriceTable) throws(UsageError) -> PriceTable {
        do {
            return try table.merging(priceFile: bytes, path: path)
        } catch {
            throw UsageError(error.description)
        }
    }
}
