/// The labels of one usage series: `{source, provider, model, project}`.
public struct SeriesKey: Hashable, Comparable, Sendable {
    public var source: String
    public var provider: String
    public var model: String
    public var project: String

    public init(source: String, provider: String, model: String, project: String) {
        self.source = source
        self.provider = provider
        self.model = model
        self.project = project
    }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.source, lhs.provider, lhs.model, lhs.project) < (rhs.source, rhs.provider, rhs.model, rhs.project)
    }
}

/// An interned ``SeriesKey``: an index into the ledger's per-series arrays.
public typealias SeriesID = UInt32
